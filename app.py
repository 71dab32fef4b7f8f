"""refdash: the router. Shared chrome (page config, sidebar), then the chosen page."""

import streamlit as st

from refdash import ui
from refdash.ui.warm import page_run_begins, warm_other_pages

st.set_page_config(page_title="refdash", page_icon=":material/handshake:", layout="wide")
page_run_begins()  # the background warm-up (see the end) keeps out of this run's way
ui.sidebar()

PAGES = [
    st.Page("pages/portfolio.py", title=ui.t("nav.portfolio"), icon=":material/dashboard:",
            default=True),
    st.Page("pages/clients.py", title=ui.t("nav.clients"), icon=":material/groups:",
            url_path="clients"),
    st.Page("pages/segments.py", title=ui.t("nav.segments"), icon=":material/donut_small:",
            url_path="segments"),
    st.Page("pages/simulator.py", title=ui.t("nav.simulator"), icon=":material/share_reviews:",
            url_path="simulator"),
    # Data stays last: Portfolio, Clients, Segments, Simulator, Data.
    st.Page("pages/data.py", title=ui.t("nav.data"), icon=":material/database:",
            url_path="data"),
]
st.navigation(PAGES).run()
# After the page: the other pages' first figures, computed in the background.
warm_other_pages()
