"""The dashboard's server: Streamlit serving app.py, plus one route of our own.

`make run` starts this file (`streamlit run server.py`); app.py stays the Streamlit script.
Streamlit's frontend files are answered from memory (kenpo.static_assets).
"""

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Route

from kenpo.signin import MediaGuard
from kenpo.static_assets import StaticFromMemory


async def page_file(request):
    """/pages/data.py (a page's file name as an address) leads to that page, /data, with its
    parameters. Streamlit answers every unknown address with its index page, whose scripts are
    linked relative to the address: one folder deep they are not found, and the browser showed a
    blank page. A name that is no page lands on Streamlit's answer to an unknown page (the home
    page). The redirect is relative, so it also holds behind a proxy that adds a path prefix."""
    name = request.path_params["file"].removesuffix(".py")
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"../{'' if name == 'home' else name}{query}", status_code=302)


# Streamlit's frontend files answered from memory (kenpo/static_assets.py: 120 ms less server CPU
# per first page load). With sign-in on, downloads (/media/…) only for a browser an allowed session
# has given kenpo's media grant (kenpo/signin.py).
app = st.App(
    "app.py",
    routes=[Route("/pages/{file}", page_file)],
    middleware=[Middleware(MediaGuard), Middleware(StaticFromMemory)],
)
