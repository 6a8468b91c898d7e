vcl 4.1;

# The front of the portal's cluster (`make cluster`): balances two app nodes, takes a node out while its
# process does not answer (/healthz/node/), retries what is safe to retry on the other node, and
# compresses text answers. The probe leaves the shared services (database, cache, storage) to /healthz/:
# they fail for every node alike, and the nodes' own 503 pages (a report given back) beat the proxy's.
# TLS is terminated in front of this (see docs/operations.md); Varnish speaks plain HTTP.

import directors;

probe healthz {
    .url = "/healthz/node/";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend node1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

backend node2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(node1);
    nodes.add_backend(node2);
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();
    # Nothing is kept in this cache yet: every request reaches a node (page caching is its own step).
    return (pass);
}

sub vcl_backend_fetch {
    # A retry goes to the next node of the round robin, which is a healthy one.
    set bereq.backend = nodes.backend();
}

sub vcl_backend_response {
    # A node that answers 502/503 to a safe request: ask the other one, once. A POST is never
    # repeated here: the citizen's browser sends it again, with the same form token.
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.method ~ "^(GET|HEAD)$" && bereq.retries < 1) {
        return (retry);
    }
    # Compress text, but never an answer that is private or sets a cookie: it may carry a CSRF token or
    # another secret, and compressing a secret beside reflected input leaks it (BREACH).
    if (beresp.http.Content-Type ~ "^(text/|application/(json|geo\+json|javascript|xml|rss\+xml|atom\+xml))"
        && !beresp.http.Set-Cookie
        && beresp.http.Cache-Control !~ "(private|no-store)") {
        set beresp.do_gzip = true;
    }
}

sub vcl_backend_error {
    # The node could not be reached (killed, restarting): a safe request tries the other node, once.
    if (bereq.method ~ "^(GET|HEAD)$" && bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
