# The README's two commands: `make site` and `make test`.
# Both first make sure cmark-gfm (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev) is
# there, since SwiftPM only links system libraries and never installs them.
SWIFT ?= swift
CONFIG ?= debug
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LITERATE = .build/$(CONFIG)/literate

.PHONY: site test deps build check clean

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libcmark-gfm \
		|| [ ! -e "$$(pkg-config --variable=includedir libcmark-gfm)/cmark-gfm-core-extensions.h" ]; then \
		echo "make: cmark-gfm not found; installing pkg-config, libcmark-gfm-dev and libcmark-gfm-extensions-dev with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev; \
	fi

# literate and the page library its pages are compiled against (libLiteratePage.so, beside it).
build: deps
	$(SWIFT) build -c $(CONFIG) --product literate
	$(SWIFT) build -c $(CONFIG) --product LiteratePage

site: build
	$(LITERATE) build --content Content --templates Templates --output _site

check: build
	$(LITERATE) check --content Content

test: deps
	$(SWIFT) test

clean:
	rm -rf .build _site
