"""The Compare page in Streamlit's AppTest: the bundled matrix with the seed's three platform types, a chosen
cell's rationale and evidence, and the CSV downloads."""

from streamlit.testing.v1 import AppTest


def test_compare_page_shows_the_matrix_and_a_cell_s_evidence():
    def page():
        from ui.compare_page import compare_page

        compare_page()

    at = AppTest.from_function(page, default_timeout=120).run()
    assert not at.exception, at.exception
    chart = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert chart, "no heatmap rendered"
    channel, dimension = at.selectbox(key="compare_channel"), at.selectbox(key="compare_dimension")
    labels = " ".join(channel.options)
    for seed_type in ("传统催收公司", "网络催收平台", "第三方支付平台"):
        assert seed_type in labels
    channel.set_value("online_collection_platform").run()
    at.selectbox(key="compare_dimension").set_value("data_privacy").run()
    assert not at.exception
    quotes = [md.value for md in at.markdown if md.value.startswith(">")]
    assert quotes and all("“" in q for q in quotes)
    assert "网络催收平台" in at.subheader[0].value and "/5" in at.subheader[0].value
    downloads = at.get("download_button")
    assert len(downloads) == 2 and dimension.options
