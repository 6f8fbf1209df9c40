#ifndef CCMARK_SHIM_H
#define CCMARK_SHIM_H
// cmark-gfm (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev): GitHub's fork of cmark with
// the GFM extensions (tables, strikethrough, autolinks, task lists, footnotes).
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
#endif
