/*
 * wsload: the relay bench's OCPP-J load generator and echo CSMS, in C on raw sockets (epoll, one thread),
 * so that on two cores the bench measures the proxy and not a Python scheduler. No code of the proxy's.
 *
 *   wsload echo                       listen on 127.0.0.1 (a free port, printed as "port N"); answer every
 *                                     CALL [2,id,...] at once with [3,id,{}]; pings with pongs; closes echoed
 *   wsload load SECONDS RATE TARGET... each TARGET is NAME=HOST:PORT/PATH/PREFIX:COUNT — COUNT chargers
 *                                     PREFIX00000.. connect to ws://HOST:PORT/PATH/ID offering ocpp1.6, then
 *                                     each sends a CALL every 1/RATE s (RATE 0: the next one as soon as the
 *                                     answer is in) and waits for its answer; all targets at once, in one loop.
 *                                     Prints one JSON object: per target, round trips, p50/p90/p99/p99.9/max
 *                                     (ms) as this process saw them, and round trips per second.
 *
 * Build: cc -O2 -o wsload wsload.c -lcrypto (OpenSSL's SHA-1 for the server's Sec-WebSocket-Accept).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/sha.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 65536

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static void tune(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Appends one WebSocket frame (FIN, opcode, masked when mask) to out; returns its length. */
static size_t frame(uint8_t *out, int opcode, const uint8_t *payload, size_t n, int mask) {
    size_t h = 0;
    out[h++] = 0x80 | opcode;
    uint8_t m = mask ? 0x80 : 0;
    if (n < 126) out[h++] = m | n;
    else if (n < 65536) { out[h++] = m | 126; out[h++] = n >> 8; out[h++] = n & 0xff; }
    else { out[h++] = m | 127; for (int i = 7; i >= 0; i--) out[h++] = (uint64_t)n >> (8 * i); }
    uint8_t key[4] = {0x12, 0x34, 0x56, 0x78};
    if (mask) { memcpy(out + h, key, 4); h += 4; }
    for (size_t i = 0; i < n; i++) out[h + i] = mask ? payload[i] ^ key[i & 3] : payload[i];
    return h + n;
}

/* Parses one complete frame at in[0..len); returns its total length (0: incomplete). */
static size_t parse(uint8_t *in, size_t len, int *opcode, uint8_t **payload, size_t *n) {
    if (len < 2) return 0;
    size_t h = 2, plen = in[1] & 0x7f;
    int masked = in[1] & 0x80;
    if (plen == 126) { if (len < 4) return 0; plen = (in[2] << 8) | in[3]; h = 4; }
    else if (plen == 127) { if (len < 10) return 0; plen = 0; for (int i = 2; i < 10; i++) plen = (plen << 8) | in[i]; h = 10; }
    size_t k = h;
    if (masked) h += 4;
    if (len < h + plen) return 0;
    if (masked) for (size_t i = 0; i < plen; i++) in[h + i] ^= in[k + (i & 3)];
    *opcode = in[0] & 0x0f;
    *payload = in + h;
    *n = plen;
    return h + plen;
}

static void send_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EAGAIN || errno == EINTR) continue; return; }
        p += w; n -= w;
    }
}

/* ---------- echo CSMS ---------- */

struct peer { int fd; int upgraded; size_t len; uint8_t buf[BUF]; };

static const char *header(const char *req, const char *name, char *out, size_t cap) {
    const char *p = strcasestr(req, name);
    if (!p) return NULL;
    p += strlen(name);
    while (*p == ' ' || *p == ':') p++;
    size_t i = 0;
    while (*p && *p != '\r' && i + 1 < cap) out[i++] = *p++;
    out[i] = 0;
    return out;
}

static void accept_key(const char *key, char *out) {
    static const char *guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    char joined[256];
    snprintf(joined, sizeof joined, "%s%s", key, guid);
    uint8_t digest[20];
    SHA1((const uint8_t *)joined, strlen(joined), digest);
    static const char *b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int o = 0;
    for (int i = 0; i < 21; i += 3) {
        uint32_t v = digest[i] << 16 | (i + 1 < 20 ? digest[i + 1] << 8 : 0) | (i + 2 < 20 ? digest[i + 2] : 0);
        out[o++] = b64[v >> 18 & 63]; out[o++] = b64[v >> 12 & 63];
        out[o++] = i + 1 < 20 ? b64[v >> 6 & 63] : '=';
        out[o++] = i + 2 < 20 ? b64[v & 63] : '=';
    }
    out[o] = 0;
}

static int echo_read(struct peer *c) {
    ssize_t r = read(c->fd, c->buf + c->len, BUF - c->len);
    if (r <= 0) return r == 0 || (errno != EAGAIN && errno != EINTR) ? -1 : 0;
    c->len += r;
    if (!c->upgraded) {
        c->buf[c->len < BUF ? c->len : BUF - 1] = 0;
        char *end = strstr((char *)c->buf, "\r\n\r\n");
        if (!end) return 0;
        char key[128], protocols[256], accept[64], reply[512];
        if (!header((char *)c->buf, "Sec-WebSocket-Key", key, sizeof key)) return -1;
        accept_key(key, accept);
        int ocpp16 = header((char *)c->buf, "Sec-WebSocket-Protocol", protocols, sizeof protocols) && strstr(protocols, "ocpp1.6");
        int n = snprintf(reply, sizeof reply, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Accept: %s\r\n%s\r\n", accept, ocpp16 ? "Sec-WebSocket-Protocol: ocpp1.6\r\n" : "");
        send_all(c->fd, (uint8_t *)reply, n);
        size_t used = end + 4 - (char *)c->buf;
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
        c->upgraded = 1;
    }
    size_t at = 0;
    uint8_t out[BUF];
    size_t outn = 0;
    for (;;) {
        int op; uint8_t *p; size_t n;
        size_t used = parse(c->buf + at, c->len - at, &op, &p, &n);
        if (!used) break;
        at += used;
        if (op == 1 && n > 4 && memcmp(p, "[2,", 3) == 0) {
            uint8_t *comma = memchr(p + 3, ',', n - 3);
            if (!comma) continue;
            char text[512];
            int tn = snprintf(text, sizeof text, "[3,%.*s,{}]", (int)(comma - p - 3), p + 3);
            if (outn + tn + 16 < sizeof out) outn += frame(out + outn, 1, (uint8_t *)text, tn, 0);
        } else if (op == 9) {
            outn += frame(out + outn, 10, p, n, 0);
        } else if (op == 8) {
            outn += frame(out + outn, 8, p, n < 2 ? n : 2, 0);
            send_all(c->fd, out, outn);
            return -1;
        }
    }
    if (outn) send_all(c->fd, out, outn);
    memmove(c->buf, c->buf + at, c->len - at);
    c->len -= at;
    return 0;
}

static int run_echo(void) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    tune(l);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4096)) die("listen");
    socklen_t al = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &al);
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            struct peer *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    tune(fd);
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            if (echo_read(c) < 0) { close(c->fd); free(c); }
        }
    }
    return 0;
}

/* ---------- load generator ---------- */

struct target { char name[64]; char host[64]; int port; char path[256]; char prefix[64]; int count;
                int64_t *rtts; size_t nrtts, cap; };

struct charger { struct target *t; int fd; int index; int state; /* 0 handshake, 1 idle, 2 awaiting */
                 int64_t sent, next; long seq; size_t len; uint8_t buf[4096]; };

static const char *HEARTBEAT = "[2,\"%s-%ld\",\"Heartbeat\",{}]";
static const char *METER = "[2,\"%s-%ld\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":1001,\"meterValue\":[{\"timestamp\":"
                           "\"2026-09-01T00:38:06Z\",\"sampledValue\":[{\"value\":\"1500\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"}]}]}]";

static void call(struct charger *c) {
    char id[96], text[512];
    snprintf(id, sizeof id, "%s%05d", c->t->prefix, c->index);
    c->seq++;
    int n = snprintf(text, sizeof text, c->seq % 2 ? METER : HEARTBEAT, id, c->seq);
    uint8_t out[600];
    size_t m = frame(out, 1, (uint8_t *)text, n, 1);
    c->state = 2;
    c->sent = now_ns();
    send_all(c->fd, out, m);
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(int64_t *v, size_t n, double p) {
    if (!n) return 0;
    double k = (n - 1) * p / 100.0;
    size_t f = (size_t)k, c = f + 1 < n ? f + 1 : n - 1;
    return (v[f] + (v[c] - v[f]) * (k - f)) / 1e6;
}

static int run_load(double seconds, double rate, int ntargets, struct target *targets) {
    int ep = epoll_create1(0);
    int total = 0;
    for (int t = 0; t < ntargets; t++) total += targets[t].count;
    struct charger *cs = calloc(total, sizeof *cs);
    int k = 0;
    for (int t = 0; t < ntargets; t++) {
        struct target *tg = &targets[t];
        tg->cap = 1 << 16;
        tg->rtts = malloc(tg->cap * sizeof(int64_t));
        for (int i = 0; i < tg->count; i++, k++) {
            struct charger *c = &cs[k];
            c->t = tg; c->index = i;
            c->fd = socket(AF_INET, SOCK_STREAM, 0);
            tune(c->fd);
            struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(tg->port)};
            inet_pton(AF_INET, tg->host, &a.sin_addr);
            if (connect(c->fd, (struct sockaddr *)&a, sizeof a)) die("connect");
            char req[1024];
            int n = snprintf(req, sizeof req, "GET %s/%s%05d HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Protocol: ocpp1.6\r\n\r\n", tg->path, tg->prefix, i, tg->host, tg->port);
            send_all(c->fd, (uint8_t *)req, n);
            /* Blocking handshake, one charger at a time: connections are set up before the clock starts. */
            size_t got = 0;
            char resp[2048];
            while (got < sizeof resp - 1) {
                ssize_t r = read(c->fd, resp + got, sizeof resp - 1 - got);
                if (r <= 0) die("handshake");
                got += r;
                resp[got] = 0;
                if (strstr(resp, "\r\n\r\n")) break;
            }
            if (strncmp(resp, "HTTP/1.1 101", 12) != 0) { fprintf(stderr, "%s%05d refused: %.60s\n", tg->prefix, i, resp); exit(2); }
            char *end = strstr(resp, "\r\n\r\n") + 4;
            c->len = got - (end - resp);
            memcpy(c->buf, end, c->len);
            fcntl(c->fd, F_SETFL, O_NONBLOCK);
            c->state = 1;
            struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e);
        }
    }
    int64_t start = now_ns(), stop = start + (int64_t)(seconds * 1e9);
    int64_t period = rate > 0 ? (int64_t)(1e9 / rate) : 0;
    for (int i = 0; i < total; i++) cs[i].next = start + (period ? period * i / total : 0);
    struct epoll_event events[512];
    int active = total;
    while (active > 0) {
        int64_t now = now_ns(), wake = INT64_MAX;
        for (int i = 0; i < total; i++) {
            struct charger *c = &cs[i];
            if (c->state != 1) continue;
            if (now >= stop) { c->state = 3; active--; continue; }
            if (c->next <= now) call(c);
            else if (c->next < wake) wake = c->next;
        }
        if (active == 0) break;
        int timeout = wake == INT64_MAX ? 1000 : (int)((wake - now + 999999) / 1000000);
        int n = epoll_wait(ep, events, 512, timeout);
        int64_t at = now_ns();
        for (int e = 0; e < n; e++) {
            struct charger *c = events[e].data.ptr;
            ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
            if (r <= 0) { if (r < 0 && errno == EAGAIN) continue; fprintf(stderr, "a charger's connection ended\n"); exit(2); }
            c->len += r;
            size_t off = 0;
            for (;;) {
                int op; uint8_t *p; size_t pn;
                size_t used = parse(c->buf + off, c->len - off, &op, &p, &pn);
                if (!used) break;
                off += used;
                if (op == 1 && c->state == 2 && pn > 3 && memcmp(p, "[3,", 3) == 0) {
                    struct target *tg = c->t;
                    if (tg->nrtts == tg->cap) { tg->cap *= 2; tg->rtts = realloc(tg->rtts, tg->cap * sizeof(int64_t)); }
                    tg->rtts[tg->nrtts++] = at - c->sent;
                    c->state = 1;
                    c->next = period ? c->next + period : at;
                    if (c->next < at) c->next = at;
                }
            }
            memmove(c->buf, c->buf + off, c->len - off);
            c->len -= off;
        }
    }
    double elapsed = (now_ns() - start) / 1e9;
    printf("{");
    for (int t = 0; t < ntargets; t++) {
        struct target *tg = &targets[t];
        qsort(tg->rtts, tg->nrtts, sizeof(int64_t), cmp64);
        printf("%s\"%s\":{\"round_trips\":%zu,\"per_second\":%.1f,\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,\"p999\":%.4f,\"max\":%.4f}",
               t ? "," : "", tg->name, tg->nrtts, tg->nrtts / elapsed, pct(tg->rtts, tg->nrtts, 50), pct(tg->rtts, tg->nrtts, 90),
               pct(tg->rtts, tg->nrtts, 99), pct(tg->rtts, tg->nrtts, 99.9), tg->nrtts ? tg->rtts[tg->nrtts - 1] / 1e6 : 0);
    }
    printf("}\n");
    uint8_t out[16];
    for (int i = 0; i < total; i++) {
        size_t m = frame(out, 8, (const uint8_t *)"\x03\xe9", 2, 1);
        send_all(cs[i].fd, out, m);
        close(cs[i].fd);
    }
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc >= 2 && strcmp(argv[1], "echo") == 0) return run_echo();
    if (argc >= 5 && strcmp(argv[1], "load") == 0) {
        int n = argc - 4;
        struct target *targets = calloc(n, sizeof *targets);
        for (int i = 0; i < n; i++) {
            /* NAME=HOST:PORT/PATH/PREFIX:COUNT */
            char *spec = argv[4 + i], *eq = strchr(spec, '='), *colon = eq ? strchr(eq, ':') : NULL;
            char *slash = colon ? strchr(colon, '/') : NULL, *last = strrchr(spec, '/'), *count = strrchr(spec, ':');
            if (!eq || !colon || !slash || last < slash || count < last) { fprintf(stderr, "bad target %s\n", spec); return 2; }
            struct target *t = &targets[i];
            snprintf(t->name, sizeof t->name, "%.*s", (int)(eq - spec), spec);
            snprintf(t->host, sizeof t->host, "%.*s", (int)(colon - eq - 1), eq + 1);
            t->port = atoi(colon + 1);
            snprintf(t->path, sizeof t->path, "%.*s", (int)(last - slash), slash);
            snprintf(t->prefix, sizeof t->prefix, "%.*s", (int)(count - last - 1), last + 1);
            t->count = atoi(count + 1);
        }
        return run_load(atof(argv[2]), atof(argv[3]), n, targets);
    }
    fprintf(stderr, "usage: wsload echo | wsload load SECONDS RATE NAME=HOST:PORT/PATH/PREFIX:COUNT...\n");
    return 2;
}
