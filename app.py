"""kenpo dashboard: page config, the sign-in gate and navigation only."""

import streamlit as st

from kenpo import signin
from kenpo.navigation import APP_TITLE, PAGE_CONFIG, pages

st.set_page_config(page_title=APP_TITLE, **PAGE_CONFIG)
signin.gate()  # stops here, before any page, for a visitor who may not see the dashboard
st.navigation(pages(), position="hidden").run()
