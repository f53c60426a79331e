"""kenpo dashboard: page config and navigation only."""
import streamlit as st

from kenpo.navigation import pages

st.set_page_config(page_title="kenpo｜協会けんぽ・日本健康会議 ダッシュボード", page_icon=":material/monitoring:",
                   layout="wide", initial_sidebar_state="expanded")
st.navigation(pages(), position="hidden").run()
