"""The records that did not load, or loaded without a part, and why: file, record, field, expected, got."""

import streamlit as st

from mapapp.i18n import t
from mapui import controls, state
from mapui.data import catalog

data = catalog()
state.start(data)
lang = controls.language()
st.title(t("ui.rejected_title", lang))
if not data.rejections:
    st.success(t("ui.rejected_none", lang))
else:
    st.warning(t("ui.rejected_notice", lang, count=data.rejected_records()))
    st.dataframe(
        [
            {
                t("ui.rejected_file", lang): item.file,
                t("ui.rejected_record", lang): item.record,
                t("ui.rejected_outcome", lang): t(
                    "ui.rejected_part_dropped" if item.record_shown else "ui.rejected_not_shown", lang
                ),
                t("ui.rejected_field", lang): item.field,
                t("ui.rejected_expected", lang): item.expected,
                t("ui.rejected_got", lang): item.got,
                t("ui.rejected_cause", lang): item.cause,
            }
            for item in data.rejections
        ],
        width="stretch",
        hide_index=True,
    )
