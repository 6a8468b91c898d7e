"""E-mail alerts (issue 15): subscribing with double opt-in, one-click unsubscribing, and what is sent."""
