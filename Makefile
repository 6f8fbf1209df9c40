# The README's two commands: `make site` and `make test`.
# Both first make sure libcmark (Debian's libcmark-dev) is there, since SwiftPM
# only links system libraries and never installs them.
SWIFT ?= swift
CONFIG ?= debug
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LITERATE = .build/$(CONFIG)/literate

.PHONY: site test deps build check clean

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libcmark; then \
		echo "make: libcmark not found; installing pkg-config and libcmark-dev with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config libcmark-dev; \
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
