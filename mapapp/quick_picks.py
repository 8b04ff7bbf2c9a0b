"""The periods people ask about, as quick picks for the date slider.

Their boundaries are dates of the record: the coup (11 Sep 1973), decree law 521 creating
DINA (14 Jun 1974), the decree creating CNI (13 Aug 1977), the end of the dictatorship
(11 Mar 1990); see the events of the same dates in geodata/events/.
"""

from __future__ import annotations

import datetime as dt

from mapapp.dates import COUP, END_OF_DICTATORSHIP

QUICK_PICKS: dict[str, tuple[dt.date, dt.date]] = {
    "coup": (COUP, dt.date(1973, 10, 31)),
    "dina": (dt.date(1974, 6, 14), dt.date(1977, 8, 12)),
    "cni": (dt.date(1977, 8, 13), END_OF_DICTATORSHIP),
    "crisis": (dt.date(1982, 1, 1), dt.date(1983, 12, 31)),
    "plebiscite": (dt.date(1988, 1, 1), dt.date(1988, 12, 31)),
    "dictatorship": (COUP, END_OF_DICTATORSHIP),
}
