"""The Streamlit app's pages and presentation helpers; the library (ingest, index, chat) never imports it."""
