"""Citizen reports from any channel: the one way in (`intake`), the public form and its status page,
photo checks and re-encoding, and the e-mails to moderators and reporters."""
