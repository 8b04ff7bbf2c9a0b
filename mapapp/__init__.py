"""The memory map's core: load, validate, filter, map and export the record. No Streamlit here."""
