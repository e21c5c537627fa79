#!/usr/bin/env bash
# Builds a Gongkai release: self-contained publishes of the web application and the gongkai command for each runtime,
# each as a versioned archive, a Debian package for each Linux architecture, and SHA256SUMS over all of them.
#
#   scripts/release.sh VERSION [RUNTIME ...]      e.g. scripts/release.sh 0.23.0
#   scripts/release.sh                            the version from the tag on HEAD (v0.23.0 → 0.23.0)
#
# Runtimes: linux-x64 linux-arm64 win-x64 (the default: all three). Output: dist/VERSION/.
# Not trimmed: EF Core, Razor Pages and the JSON API find their types by reflection, which trimming would cut
# (docs/OPERATIONS.md). Linux-x64 is the build that is installed and tested; arm64 and Windows are built, not run here.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
if [ -z "$version" ]; then
  version="$(git describe --tags --exact-match 2>/dev/null | sed 's/^v//')" || true
fi
if ! printf '%s' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$'; then
  echo "用法：scripts/release.sh 版本号 [运行时…]，版本号形如 0.23.0 或 0.23.0-rc.1（当前提交没有 v 开头的标签）" >&2
  exit 2
fi
shift || true
runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  runtimes=(linux-x64 linux-arm64 win-x64)
fi

out="dist/$version"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"
commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"

publish() { # project runtime folder
  dotnet publish "$1" -c Release -r "$2" --self-contained true -o "$3" --nologo -v quiet \
    -p:Version="$version" -p:SourceRevisionId="$commit" -p:PublishTrimmed=false >&2
}

deb_arch() {
  case "$1" in
    linux-x64) echo amd64 ;;
    linux-arm64) echo arm64 ;;
    *) echo "" ;;
  esac
}

for rid in "${runtimes[@]}"; do
  case "$rid" in linux-x64|linux-arm64|win-x64) ;; *) echo "不支持的运行时：$rid（可用：linux-x64 linux-arm64 win-x64）" >&2; exit 2 ;; esac
  name="gongkai-$version-$rid"
  app="$work/$name"
  echo "发布 $name …" >&2
  # Both programs in one folder: they share the runtime and the libraries (the same pinned versions).
  publish src/Gongkai.Web "$rid" "$app"
  publish src/Gongkai.Cli "$rid" "$app"
  # A development machine's data folder must never travel with a release.
  rm -rf "$app/data"
  printf '%s\n' "$version" > "$app/VERSION"
  cp README.md docs/OPERATIONS.md "$app/"
  if [ "$rid" = "win-x64" ]; then
    (cd "$work" && python3 -c 'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", ".", sys.argv[2])' "$OLDPWD/$out/$name" "$name")
  else
    tar -C "$work" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"
  fi

  arch="$(deb_arch "$rid")"
  if [ -n "$arch" ]; then
    root="$work/deb-$arch"
    mkdir -p "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/gongkai" "$root/usr/share/doc/gongkai"
    cp -a "$app" "$root/usr/lib/gongkai"
    rm -f "$root/usr/lib/gongkai/README.md" "$root/usr/lib/gongkai/OPERATIONS.md"
    install -m 0755 packaging/gongkai-cli.sh "$root/usr/bin/gongkai"
    install -m 0644 packaging/systemd/gongkai.service packaging/systemd/gongkai-backup.service packaging/systemd/gongkai-backup.timer "$root/lib/systemd/system/"
    install -m 0640 packaging/gongkai.json "$root/etc/gongkai/gongkai.json"
    install -m 0644 packaging/nginx-gongkai.conf README.md docs/OPERATIONS.md "$root/usr/share/doc/gongkai/"
    install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
    install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
    size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    # Debian versions sort "~" before anything: 0.23.0-rc.1 becomes 0.23.0~rc.1, older than 0.23.0.
    debversion="$(printf '%s' "$version" | sed 's/-/~/')"
    sed -e "s/@VERSION@/$debversion/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/debian/control.in > "$root/DEBIAN/control"
    dpkg-deb --root-owner-group -Zgzip --build "$root" "$out/gongkai_${debversion}_${arch}.deb" >&2
  fi
done

(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "$out"
