"""kenpo dashboard: page config and navigation only."""

import streamlit as st

from kenpo.navigation import APP_TITLE, PAGE_CONFIG, pages

st.set_page_config(page_title=APP_TITLE, **PAGE_CONFIG)
st.navigation(pages(), position="hidden").run()
