// The calls Sources/Markdown/Cmark.swift makes, compiled once against each library's own header:
//
//   cc -o /tmp/api-cmark api_check.c $(pkg-config --cflags --libs libcmark)
//   cc -DGFM -o /tmp/api-gfm api_check.c $(pkg-config --cflags --libs libcmark-gfm)
//
// Both print the same trees and HTML when the API behaves the same. The only source change needed
// for cmark-gfm is cmark_render_html's third argument (the extension list, NULL here).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef GFM
#include <cmark-gfm.h>
#define RENDER(node, opts) cmark_render_html(node, opts, NULL)
#else
#include <cmark.h>
#define RENDER(node, opts) cmark_render_html(node, opts)
#endif

static const char *DOC = "# Title *x*\n\nA [link](/u \"t\") and `code` and <b>html</b>.\n\n"
                         "```swift\nlet x = 1\n```\n\n> quoted ![img](/i.png)\n";

int main(void) {
    printf("library %s\n", cmark_version_string());
    cmark_node *doc = cmark_parse_document(DOC, strlen(DOC), CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS);

    // Iterator, node kinds, getters (as CmarkTree.walk and CmarkNode do).
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    cmark_node *heading = NULL, *code = NULL;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node_type t = cmark_node_get_type(n);
        printf("%-14s %d:%d-%d:%d", cmark_node_get_type_string(n), cmark_node_get_start_line(n),
               cmark_node_get_start_column(n), cmark_node_get_end_line(n), cmark_node_get_end_column(n));
        if (t == CMARK_NODE_HEADING) { printf(" level %d", cmark_node_get_heading_level(n)); heading = n; }
        if (t == CMARK_NODE_CODE_BLOCK) printf(" info '%s'", cmark_node_get_fence_info(n));
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
            printf(" url '%s' title '%s'", cmark_node_get_url(n), cmark_node_get_title(n));
        if (t == CMARK_NODE_CODE) code = n;
        const char *lit = cmark_node_get_literal(n);
        if (lit) printf(" literal '%.20s'", lit);
        printf("\n");
    }
    cmark_iter_free(it);

    // Setters, custom nodes, insert/unlink/free (as HTML.swift's replacements do).
    char *h = RENDER(heading, CMARK_OPT_UNSAFE);
    cmark_node *custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(custom, "<h1 id=\"title\">Title</h1>\n");
    cmark_node_set_on_exit(custom, "");
    cmark_node_insert_before(heading, custom);
    cmark_node_unlink(heading);
    cmark_node_free(heading);
    free(h);
    cmark_node *inl = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(inl, "<kbd>");
    cmark_node_set_on_exit(inl, "</kbd>");
    cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(text, "K&");
    cmark_node_append_child(inl, text);
    cmark_node_insert_before(code, inl);
    cmark_node_set_literal(code, "restored");
    char *html = RENDER(doc, CMARK_OPT_UNSAFE);
    printf("--- html\n%s", html);
    free(html);
    cmark_node_free(doc);

    char *direct = cmark_markdown_to_html("*a* <i>b</i>\n", 13, CMARK_OPT_UNSAFE);
    printf("--- cmark_markdown_to_html\n%s", direct);
    free(direct);
    return 0;
}
