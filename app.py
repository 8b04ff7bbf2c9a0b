"""Entry script: `streamlit run app.py` (or `make run`)."""

import streamlit as st

st.set_page_config(
    page_title="Mapa de la memoria / Memory map: Chile 1973-1990", page_icon=":round_pushpin:", layout="wide"
)
embedded = bool(st.context.is_embedded)  # ?embed=true: Streamlit's own flag, also ours
st.navigation(
    [
        st.Page("pages/map.py", title="Mapa / Map", url_path="map", default=True),
        st.Page("pages/rejected.py", title="Registros no mostrados / Records not shown", url_path="rejected"),
    ],
    position="hidden" if embedded else "sidebar",
).run()
