# First, and final when it answers: NOTFOUND from the module does not go
# on to a linear read of /etc/services (compiled into the database
# anyway); files answers only when the database is unavailable.
services first ianaports [NOTFOUND=return]
