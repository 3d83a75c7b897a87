"""Failed sign-ins (django-axes): the map's and the admin's sign-in alike."""

import datetime as dt

from config.env import env

# Five wrong passwords for one account from one address lock that pair out for a
# while; a right password before that clears the count.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "incidents.lockout.lockout_response"
# The log says who was locked out; the attempts table keeps the rest.
AXES_VERBOSE = False
