"""Two-factor sign-in for staff: a password, then a time-based one-time code (TOTP, RFC 6238).

Staff see citizens' reports, and those with the permission see reporters' contacts; a stolen password
alone must not open them. Built on django-otp (its TOTP devices, throttling and session marking):

- `policy`: who must use a second factor (`STAFF_TWO_FACTOR`: everyone with admin access in production,
  always those who may see reporters' contacts);
- `middleware`: until the second factor is given, the admin redirects to it and the rest of the site
  treats the session as anonymous;
- `views`: adding an authenticator app (a QR code and the key as text) and giving a code;
- `activity`: sessions that end after a time without activity, kept alive while an editor works.
"""
