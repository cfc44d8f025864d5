package dev.ersatz.bridge.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Who may talk to the studio, checked before any route: only through the loopback host names (a
 * page elsewhere that rebinds its DNS name to 127.0.0.1 still sends its own Host), only from the
 * studio's own origin, and only with the access token: in the URL the studio prints (then kept in an
 * HttpOnly, SameSite=Strict cookie so the token leaves the address bar), in that cookie, or in an
 * {@code Authorization: token ...} header for scripts. Tokens are compared in constant time.
 * HTTP threads.
 */
final class AccessGuard {
    private final String token;
    private final List<String> hosts, origins;
    final String cookie;

    AccessGuard(int port, String token) {
        this.token = token;
        this.hosts = List.of("127.0.0.1:" + port, "localhost:" + port);
        this.origins = List.of("http://127.0.0.1:" + port, "http://localhost:" + port);
        this.cookie = "ersatz_studio_" + port;   // cookies ignore ports: one name per studio
    }

    /** 24 random bytes as hex, as notebook servers make theirs. */
    static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    String token() { return token; }

    /** How the request proved itself. */
    enum Proof { URL, COOKIE, HEADER }

    /** Refuses with 403 (wrong host, origin or token) or 401 (no token); otherwise says how the token came. */
    Proof check(HttpExchange x, String method) throws HttpError {
        String host = x.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) throw new HttpError(403, "wrong Host header: the studio answers on " + hosts.get(0) + " only");
        String origin = x.getRequestHeaders().getFirst("Origin");
        if (origin != null && !origins.contains(origin)) throw new HttpError(403, "cross-origin request from " + origin + " refused");
        boolean writes = !method.equals("GET") && !method.equals("HEAD");
        String fetchSite = x.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none") && writes) {
            throw new HttpError(403, "cross-site request refused (Sec-Fetch-Site: " + fetchSite + ")");
        }
        String given = queryToken(x.getRequestURI().getRawQuery());
        if (given != null) {
            if (!same(given)) throw new HttpError(403, "wrong token");
            return Proof.URL;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            if (!auth.startsWith("token ") || !same(auth.substring(6).strip())) throw new HttpError(403, "wrong token");
            return Proof.HEADER;
        }
        String fromCookie = cookieToken(x.getRequestHeaders().get("Cookie"));
        if (fromCookie != null) {
            if (!same(fromCookie)) throw new HttpError(403, "wrong token");
            return Proof.COOKIE;
        }
        throw new HttpError(401, "no access token: open the URL the studio printed (it ends with ?token=...)");
    }

    /** The Set-Cookie value that keeps the token for later requests. */
    String setCookie() { return cookie + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"; }

    private boolean same(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    static String queryToken(String rawQuery) {
        if (rawQuery == null) return null;
        for (String kv : rawQuery.split("&")) if (kv.startsWith("token=")) return kv.substring(6);
        return null;
    }

    private String cookieToken(List<String> headers) {
        if (headers == null) return null;
        for (String h : headers) {
            for (String part : h.split(";")) {
                String p = part.strip();
                if (p.startsWith(cookie + "=")) return p.substring(cookie.length() + 1);
            }
        }
        return null;
    }
}
