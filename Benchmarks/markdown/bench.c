// Parse + render speed of cmark 0.30.2 and cmark-gfm 0.29.0.gfm.6 in one process.
//
//   cc -O2 -o /tmp/mdbench Benchmarks/markdown/bench.c -ldl
//   /tmp/mdbench FILE [RUNS]
//
// Both libraries export the same cmark_* names, so they are opened with dlopen(RTLD_LOCAL |
// RTLD_DEEPBIND) and called through pointers; no cmark header is included. Every configuration is
// timed RUNS times (default 9), round-robin so that drift hits all alike; the median is printed.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPT_SOURCEPOS (1 << 1)
#define OPT_FOOTNOTES (1 << 13)
#define OPT_UNSAFE (1 << 17)

typedef void *(*parse_document_f)(const char *, size_t, int);
typedef char *(*render_html_f)(void *, int);
typedef char *(*render_html_gfm_f)(void *, int, void *);
typedef void (*node_free_f)(void *);
typedef void *(*parser_new_f)(int);
typedef void (*parser_feed_f)(void *, const char *, size_t);
typedef void *(*parser_finish_f)(void *);
typedef void (*parser_free_f)(void *);
typedef int (*attach_f)(void *, void *);
typedef void *(*find_ext_f)(const char *);
typedef void *(*get_exts_f)(void *);
typedef void (*void_f)(void);

static void *must(void *handle, const char *name) {
    void *p = dlsym(handle, name);
    if (!p) { fprintf(stderr, "missing %s: %s\n", name, dlerror()); exit(1); }
    return p;
}

static void *open_lib(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); exit(1); }
    return h;
}

static struct {
    parse_document_f parse;
    render_html_f render;
    node_free_f node_free;
} cm;

static struct {
    parser_new_f parser_new;
    parser_feed_f feed;
    parser_finish_f finish;
    parser_free_f parser_free;
    attach_f attach;
    get_exts_f get_exts;
    render_html_gfm_f render;
    node_free_f node_free;
    void *ext[5];
} gfm;

static const char *EXT_NAMES[5] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};

static const char *text;
static size_t text_len;
static size_t out_len;

// Configurations: 0 cmark; 1 gfm, no extensions; 2 gfm, all extensions + footnotes;
// 3 gfm, all but tagfilter + footnotes. `render` 0 = parse only (with SOURCEPOS, as the project's
// scanning pass), 1 = parse + render HTML (UNSAFE, as the project's rendering pass).
static void run(int config, int render) {
    int opts = OPT_UNSAFE | (render ? 0 : OPT_SOURCEPOS);
    if (config == 0) {
        void *doc = cm.parse(text, text_len, opts);
        if (render) {
            char *html = cm.render(doc, opts);
            out_len = strlen(html);
            free(html);
        }
        cm.node_free(doc);
        return;
    }
    if (config >= 2) opts |= OPT_FOOTNOTES;
    void *parser = gfm.parser_new(opts);
    for (int i = 0; config >= 2 && i < 5; i++)
        if (!(config == 3 && i == 3)) gfm.attach(parser, gfm.ext[i]);
    gfm.feed(parser, text, text_len);
    void *doc = gfm.finish(parser);
    if (render) {
        char *html = gfm.render(doc, opts, gfm.get_exts(parser));
        out_len = strlen(html);
        free(html);
    }
    gfm.node_free(doc);
    gfm.parser_free(parser);
}

static double clock_of(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [RUNS]\n", argv[0]); return 2; }
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    if (runs < 1 || runs > 99) runs = 9;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    text_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(text_len + 1);
    if (fread(buf, 1, text_len, f) != text_len) { perror("read"); return 1; }
    buf[text_len] = 0;
    fclose(f);
    text = buf;

    const char *dir = "/usr/lib/x86_64-linux-gnu/";
    char path[256];
    snprintf(path, sizeof path, "%slibcmark.so.0.30.2", dir);
    void *hc = open_lib(path);
    cm.parse = (parse_document_f)must(hc, "cmark_parse_document");
    cm.render = (render_html_f)must(hc, "cmark_render_html");
    cm.node_free = (node_free_f)must(hc, "cmark_node_free");
    snprintf(path, sizeof path, "%slibcmark-gfm.so.0.29.0.gfm.6", dir);
    void *hg = open_lib(path);
    snprintf(path, sizeof path, "%slibcmark-gfm-extensions.so.0.29.0.gfm.6", dir);
    void *he = open_lib(path);
    ((void_f)must(he, "cmark_gfm_core_extensions_ensure_registered"))();
    gfm.parser_new = (parser_new_f)must(hg, "cmark_parser_new");
    gfm.feed = (parser_feed_f)must(hg, "cmark_parser_feed");
    gfm.finish = (parser_finish_f)must(hg, "cmark_parser_finish");
    gfm.parser_free = (parser_free_f)must(hg, "cmark_parser_free");
    gfm.attach = (attach_f)must(hg, "cmark_parser_attach_syntax_extension");
    gfm.get_exts = (get_exts_f)must(hg, "cmark_parser_get_syntax_extensions");
    gfm.render = (render_html_gfm_f)must(hg, "cmark_render_html");
    gfm.node_free = (node_free_f)must(hg, "cmark_node_free");
    find_ext_f find = (find_ext_f)must(hg, "cmark_find_syntax_extension");
    for (int i = 0; i < 5; i++)
        if (!(gfm.ext[i] = find(EXT_NAMES[i]))) { fprintf(stderr, "no extension %s\n", EXT_NAMES[i]); return 1; }
    if (cm.parse == (parse_document_f)must(hg, "cmark_parse_document")) {
        fprintf(stderr, "both handles resolve to one library\n");
        return 1;
    }

    static const char *names[4] = {"cmark 0.30.2", "cmark-gfm, no extensions", "cmark-gfm, all + footnotes",
                                   "cmark-gfm, all but tagfilter"};
    // [cpu or wall][parse or parse+render][configuration][run]
    static double t[2][2][4][99];
    size_t out[4] = {0};
    for (int config = 0; config < 4; config++) run(config, 1);  // warm-up
    for (int r = 0; r < runs; r++)
        for (int render = 0; render < 2; render++)
            for (int config = 0; config < 4; config++) {
                double c0 = clock_of(CLOCK_THREAD_CPUTIME_ID), w0 = clock_of(CLOCK_MONOTONIC);
                run(config, render);
                t[1][render][config][r] = clock_of(CLOCK_MONOTONIC) - w0;
                t[0][render][config][r] = clock_of(CLOCK_THREAD_CPUTIME_ID) - c0;
                if (render) out[config] = out_len;
            }
    printf("%s: %zu bytes, median of %d runs in ms (thread CPU time; wall clock in brackets)\n", argv[1],
           text_len, runs);
    printf("| configuration | parse (SOURCEPOS) | parse + render HTML | MB/s (parse+render, CPU) | HTML bytes |\n");
    printf("|---|---:|---:|---:|---:|\n");
    for (int config = 0; config < 4; config++) {
        double m[2][2];
        for (int k = 0; k < 2; k++)
            for (int render = 0; render < 2; render++) {
                qsort(t[k][render][config], runs, sizeof(double), cmp);
                m[k][render] = t[k][render][config][runs / 2];
            }
        printf("| %s | %.1f (%.1f) | %.1f (%.1f) | %.1f | %zu |\n", names[config], m[0][0] * 1e3, m[1][0] * 1e3,
               m[0][1] * 1e3, m[1][1] * 1e3, text_len / m[0][1] / 1e6, out[config]);
    }
    return 0;
}
