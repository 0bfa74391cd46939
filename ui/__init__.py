"""The Streamlit app's pages (app.py is the entry and navigation) and `debtlens serve`."""
