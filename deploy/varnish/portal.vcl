vcl 4.1;

# The front of the portal's cluster (`make cluster`): balances two app nodes, takes a node out while its
# process does not answer (/healthz/node/), retries what is safe to retry on the other node, keeps the
# public answers for their s-maxage (purged by the app on every change, see portal/frontend_cache.py), and
# compresses text answers. The probe leaves the shared services (database, cache, storage) to /healthz/:
# they fail for every node alike, and the nodes' own 503 pages (a report given back) beat the proxy's.
# TLS is terminated in front of this (see docs/operations.md); Varnish speaks plain HTTP.

import directors;

# Who may purge: the app nodes (on this machine; in production, the app servers' network).
acl purgers {
    "127.0.0.1";
    "::1";
}

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
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge-Tag) {
            # Every kept answer that shows what the tag names (issues): X-Cache-Tags is the app's list.
            ban("obj.http.X-Cache-Tags ~ (^|,)" + req.http.X-Purge-Tag + "(,|$)");
        } else {
            # A path and everything below it ("/" for the whole site: the portal serves one site).
            ban("obj.http.X-Url ~ ^" + req.url);
        }
        return (synth(200, "Purged"));
    }
    set req.backend_hint = nodes.backend();
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, and readers with a message waiting, are served by the nodes; so is the admin.
    if (req.url ~ "^/(admin|django-admin)/" || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # One variant per language the portal speaks, not one per browser's Accept-Language (the URLs outside
    # the language prefixes, the API's, answer in the reader's language).
    if (req.url !~ "^/(ru|kk|en)/") {
        if (req.http.Accept-Language ~ "^\s*kk") {
            set req.http.Accept-Language = "kk";
        } elsif (req.http.Accept-Language ~ "^\s*en") {
            set req.http.Accept-Language = "en";
        } else {
            set req.http.Accept-Language = "ru";
        }
    }
    # Look the answer up even though the browser sends cookies (a CSRF cookie, say): the node sends it
    # the cookies on a miss, and an answer that depends on them is marked private, which is never kept.
    return (hash);
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
    # What a purge matches on (bans on the object's headers, which the ban lurker can apply alone).
    set beresp.http.X-Url = bereq.url;
    # Only what the app marked public is kept (for its s-maxage): never a private, no-store or cookie
    # answer; such an answer is not kept, and the next reader's request goes to a node again.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
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
    unset resp.http.X-Url;
    unset resp.http.X-Cache-Tags;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
