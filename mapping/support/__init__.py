"""'Me too': citizens add their support to a published issue, without an account."""
