#!/usr/bin/env bash
# Installs the Debian packages the documents and browser tests need, when missing: LibreOffice (DOCX → PDF),
# the Noto CJK fonts (Chinese in PDFs and screenshots), poppler-utils (pdftoppm, PDF → PNG) and Chromium
# (Playwright drives /usr/bin/chromium; no browser is downloaded), python3-uno (a kept-warm LibreOffice), npm (axe-core
# for the accessibility tests), python3-aiosmtpd (a real SMTP server for the e-mail tests) and nginx and openssl (the
# installation test), Tesseract with its Chinese model (scanned reports). Idempotent.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/soffice ] || missing+=(libreoffice-writer-nogui)
# The Python bridge lets Gongkai keep one LibreOffice running instead of starting one per PDF.
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import uno" 2>/dev/null; } || missing+=(python3-uno)
[ -d /usr/share/fonts/opentype/noto ] && fc-list :lang=zh family 2>/dev/null | grep -q "Noto Serif CJK SC" || missing+=(fonts-noto-cjk fontconfig)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# A real SMTP server for the e-mail tests (tests/Gongkai.Web.Tests/Tools/smtp_sink.py).
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
# npm installs axe-core for the accessibility browser tests (test.sh runs npm ci in tests/axe).
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The installation test (test.sh, after scripts/release.sh) puts the package behind Debian's nginx over TLS, with a
# certificate openssl makes, and builds the package with dpkg-deb.
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Scanned reports are read by Tesseract's OCR with its Simplified Chinese model.
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; } || missing+=(tesseract-ocr tesseract-ocr-chi-sim)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "安装 Debian 软件包：${missing[*]}…" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # Debian starts nginx on port 80 when it installs it; the tests run their own, so the default one is stopped.
  if printf '%s\n' "${missing[@]}" | grep -qx nginx; then
    as_root nginx -s quit >/dev/null 2>&1 || true
  fi
fi
