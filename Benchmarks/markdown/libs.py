"""cmark 0.30.2 (libcmark-dev) and cmark-gfm 0.29.0.gfm.6 (libcmark-gfm-dev,
libcmark-gfm-extensions-dev) side by side in one process, through ctypes.

Both libraries export the same 69 `cmark_*` names, so they cannot be linked into one
program; each is opened here with RTLD_LOCAL | RTLD_DEEPBIND, so every call and every
call inside a library resolves to that library's own functions.
"""

import ctypes
import os

LIBDIR = "/usr/lib/x86_64-linux-gnu"
MODE = os.RTLD_LOCAL | os.RTLD_NOW | getattr(os, "RTLD_DEEPBIND", 0)

# Option bits: the same values in cmark.h and cmark-gfm.h.
OPT_SOURCEPOS = 1 << 1
OPT_FOOTNOTES = 1 << 13  # cmark-gfm only
OPT_UNSAFE = 1 << 17

GFM_EXTENSIONS = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]
_vp = ctypes.c_void_p


def _declare(lib, name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


def _take_string(ptr):
    if not ptr:
        return ""
    s = ctypes.string_at(ptr).decode("utf-8", errors="surrogateescape")
    _libc.free(ptr)
    return s


class _Common:
    """The calls that have the same signature in both libraries."""

    def __init__(self, lib):
        self.lib = lib
        d = lambda *a: _declare(lib, *a)
        self.version_string = d("cmark_version_string", ctypes.c_char_p)().decode()
        self.parse_document = d("cmark_parse_document", _vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int)
        self.node_free = d("cmark_node_free", None, _vp)
        self.iter_new = d("cmark_iter_new", _vp, _vp)
        self.iter_next = d("cmark_iter_next", ctypes.c_int, _vp)
        self.iter_get_node = d("cmark_iter_get_node", _vp, _vp)
        self.iter_free = d("cmark_iter_free", None, _vp)
        self.type_string = d("cmark_node_get_type_string", ctypes.c_char_p, _vp)
        self.start_line = d("cmark_node_get_start_line", ctypes.c_int, _vp)
        self.start_column = d("cmark_node_get_start_column", ctypes.c_int, _vp)
        self.end_line = d("cmark_node_get_end_line", ctypes.c_int, _vp)
        self.end_column = d("cmark_node_get_end_column", ctypes.c_int, _vp)
        self.literal = d("cmark_node_get_literal", ctypes.c_char_p, _vp)
        self.url = d("cmark_node_get_url", ctypes.c_char_p, _vp)
        self.parent = d("cmark_node_parent", _vp, _vp)
        self.node_type = d("cmark_node_get_type", ctypes.c_int, _vp)

    def walk(self, root):
        """(event, node) pairs; event 2 = enter, 3 = exit (CMARK_EVENT_ENTER/EXIT in both)."""
        it = self.iter_new(root)
        try:
            while True:
                ev = self.iter_next(it)
                if ev == 1:  # CMARK_EVENT_DONE
                    return
                yield ev, self.iter_get_node(it)
        finally:
            self.iter_free(it)


class Cmark(_Common):
    def __init__(self):
        super().__init__(ctypes.CDLL(f"{LIBDIR}/libcmark.so.0.30.2", mode=MODE))
        self._to_html = _declare(self.lib, "cmark_markdown_to_html", _vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int)
        self._render = _declare(self.lib, "cmark_render_html", _vp, _vp, ctypes.c_int)

    def html(self, markdown: bytes, options=OPT_UNSAFE) -> str:
        """What the project's `cmarkHTML` does."""
        return _take_string(self._to_html(markdown, len(markdown), options))

    def parse(self, markdown: bytes, options=OPT_UNSAFE):
        return self.parse_document(markdown, len(markdown), options)


class CmarkGFM(_Common):
    def __init__(self):
        lib = ctypes.CDLL(f"{LIBDIR}/libcmark-gfm.so.0.29.0.gfm.6", mode=MODE)
        super().__init__(lib)
        ext = ctypes.CDLL(f"{LIBDIR}/libcmark-gfm-extensions.so.0.29.0.gfm.6", mode=MODE)
        self.ext_lib = ext
        d = lambda *a: _declare(lib, *a)
        _declare(ext, "cmark_gfm_core_extensions_ensure_registered", None)()
        self.find_ext = d("cmark_find_syntax_extension", _vp, ctypes.c_char_p)
        self.parser_new = d("cmark_parser_new", _vp, ctypes.c_int)
        self.attach = d("cmark_parser_attach_syntax_extension", ctypes.c_int, _vp, _vp)
        self.feed = d("cmark_parser_feed", None, _vp, ctypes.c_char_p, ctypes.c_size_t)
        self.finish = d("cmark_parser_finish", _vp, _vp)
        self.parser_exts = d("cmark_parser_get_syntax_extensions", _vp, _vp)
        self.parser_free = d("cmark_parser_free", None, _vp)
        self._render = d("cmark_render_html", _vp, _vp, ctypes.c_int, _vp)
        self._ext_ptr = {}
        for name in GFM_EXTENSIONS:
            p = self.find_ext(name.encode())
            if not p:
                raise RuntimeError(f"cmark-gfm has no extension {name!r}")
            self._ext_ptr[name] = p
        # Footnotes are an option (CMARK_OPT_FOOTNOTES) in this version, not a syntax extension.
        self.has_footnotes_extension = bool(self.find_ext(b"footnotes"))

    def parse_with(self, markdown: bytes, options, extensions):
        """(parser, document); the caller frees both (parser_free, node_free)."""
        parser = self.parser_new(options)
        for name in extensions:
            self.attach(parser, self._ext_ptr[name])
        self.feed(parser, markdown, len(markdown))
        return parser, self.finish(parser)

    def parse(self, markdown: bytes, options=OPT_UNSAFE, extensions=()):
        parser, doc = self.parse_with(markdown, options, extensions)
        self.parser_free(parser)
        return doc

    def html(self, markdown: bytes, options=OPT_UNSAFE, extensions=()) -> str:
        """Parse with `extensions` attached and render with them, as cmark-gfm's own CLI does."""
        parser, doc = self.parse_with(markdown, options, extensions)
        out = _take_string(self._render(doc, options, self.parser_exts(parser)))
        self.node_free(doc)
        self.parser_free(parser)
        return out
