# Django's Ukrainian formats, without the leading zero on the day ("2 червня", as
# Ukrainian style guides write it) and with a comma before the time.
from django.conf.locale.uk.formats import *  # noqa: F403

DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
