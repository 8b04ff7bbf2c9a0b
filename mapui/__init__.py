"""The Streamlit user interface, beside the core (`mapapp`, which imports no Streamlit).

`mapui.state` owns the view; `mapui.data` loads the record once for every visitor; the other
modules draw one part of the page each from the view and the one filtered selection.
"""
