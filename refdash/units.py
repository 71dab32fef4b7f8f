"""Units and constants that every layer shares, each defined once.

Times in refdash's models are months of ``DAYS_PER_MONTH`` days (the mean Gregorian month);
dates in the store are calendar days.
"""

from __future__ import annotations

#: Days in a model month: 365.25 / 12.
DAYS_PER_MONTH = 30.4375
#: Nanoseconds in a model month (pandas timedeltas are nanoseconds).
NS_PER_MONTH = DAYS_PER_MONTH * 86_400e9
#: A referral from a client within this many days of an ask answers that ask: it counts as
#: solicited, and as the ask's success (segments model, simulator calibration, gate check).
ANSWER_WINDOW_DAYS = 60
