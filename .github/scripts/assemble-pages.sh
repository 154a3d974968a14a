#!/usr/bin/env bash
# The Pages site, assembled from the latest report and the released versions' sites, as pages.yml deploys it and
# PagesAssemblyTest checks it:
#
#   OUT/                  the latest report (mvn site's target/site, with the sweep comparison in sweep/)
#   OUT/v/<version>/      each kept released version's site as its release asset holds it, plus a banner on every
#                         page linking to the same page (anchor and view in the link's hash) in the latest report
#   OUT/v/index.html      the kept versions, newest first
#
#   assemble-pages.sh LATEST RELEASES OUT
#
#   LATEST    the latest report's folder, rendered with its Pages address as report.base_url
#   RELEASES  a folder of release assets sortlens-site-<version>.tar.gz (release.yml's), each rendered with
#             report.base_url=<the latest's address>v/<version>/; may be empty
#   OUT       where the site is assembled: a missing or empty folder
#
# Environment:
#   KEEP_VERSIONS   released versions kept on Pages, newest first by version number (default 20); older ones stay
#                   downloadable as release assets. At about 16 MB a version (report, cards, sweep), 20 and the
#                   latest use about 340 MB of the 1 GB Pages allows.
#   PAGES_BUDGET_MB the most the assembled site may take (default 900): past it, the oldest kept versions are left
#                   out, one at a time, saying so, until it fits (the latest alone past it is an error)
set -euo pipefail

fail() {
  echo "assemble-pages.sh: $*" >&2
  exit 2
}

[[ $# -eq 3 ]] || fail "usage: assemble-pages.sh LATEST RELEASES OUT"
latest="$1"
releases="$2"
out="$3"
keep="${KEEP_VERSIONS:-20}"
budget_mb="${PAGES_BUDGET_MB:-900}"
[[ "$keep" =~ ^[0-9]{1,3}$ ]] || fail "KEEP_VERSIONS is a whole number from 0 to 999, not '$keep'"
[[ "$budget_mb" =~ ^[1-9][0-9]{0,5}$ ]] || fail "PAGES_BUDGET_MB is a whole number of megabytes, not '$budget_mb'"
[[ -f "$latest/index.html" && -f "$latest/.sortlens-site" ]] \
  || fail "$latest is not a rendered sortlens site (no index.html and .sortlens-site)"
[[ -d "$releases" ]] || fail "$releases is not a folder (of sortlens-site-<version>.tar.gz release assets)"
if [[ -e "$out" ]] && [[ ! -d "$out" || -n "$(ls -A "$out")" ]]; then
  fail "$out must be a missing or empty folder"
fi
[[ ! -e "$latest/v" ]] || fail "$latest already has a v/ folder, where the released versions go"

# The address a site was rendered for: its index page's canonical link (report.base_url + index.html).
address() {
  sed -n 's|^<link rel="canonical" href="\(.*\)index\.html">$|\1|p' "$1/index.html" | head -n 1
}

base="$(address "$latest")"
[[ -n "$base" ]] || fail "$latest was rendered without report.base_url, so its pages have no canonical address;" \
  "render it with --report.base_url=<the Pages address>"

# Released versions, newest first by version number; the ones past KEEP_VERSIONS are left out.
versions=()
while IFS= read -r asset; do
  version="${asset#sortlens-site-}"
  version="${version%.tar.gz}"
  [[ "$version" =~ ^[0-9][0-9A-Za-z.+-]{0,39}$ ]] \
    || fail "$releases/$asset: the version '$version' is not one report.version allows (1.2.0, not v1.2.0)"
  versions+=("$version")
done < <(find "$releases" -maxdepth 1 -type f -name 'sortlens-site-*.tar.gz' -printf '%f\n' | sort -V -r)
if (( ${#versions[@]} > keep )); then
  for version in "${versions[@]:keep}"; do
    echo "assemble-pages.sh: leaving out version $version (KEEP_VERSIONS=$keep keeps the newest $keep)" >&2
  done
  versions=("${versions[@]:0:keep}")
fi

# Built beside OUT and moved into place at the end: a failure leaves no half-assembled site.
final="$out"
out="$(mktemp -d "${final%/}.assembling.XXXXXX")"
trap 'rm -rf "$out"' EXIT
cp -R "$latest/." "$out/"

# The banner of one page of an older version: a link to the same page in the latest report, or to its overview
# when the latest has no such page; the script adds the page's hash (anchor and view) when the link is followed.
banner() {
  local version="$1" to="$2"
  printf '%s' "<aside class=\"version-banner\" aria-label=\"Version\"><p>This is version $version of the report," \
    " kept as it was released. <a class=\"version-latest\" href=\"$to\" data-latest=\"$to\">See this page in the" \
    " latest version</a>.</p><script>(function(){var a=document.currentScript.parentNode.querySelector(" \
    "\"a.version-latest\");function s(){a.href=a.getAttribute(\"data-latest\")+location.hash;}s();" \
    "addEventListener(\"hashchange\",s);[\"click\",\"focus\",\"mouseenter\",\"contextmenu\"].forEach(" \
    "function(e){a.addEventListener(e,s);});})();</script></aside>"
}

for version in "${versions[@]}"; do
  asset="$releases/sortlens-site-$version.tar.gz"
  dir="$out/v/$version"
  if tar -tzf "$asset" | grep -Eq '(^/|(^|/)\.\.(/|$))'; then
    fail "$asset holds a path that leaves its folder"
  fi
  mkdir -p "$dir"
  tar -xzf "$asset" -C "$dir" --no-same-owner --no-same-permissions
  [[ -f "$dir/index.html" && -f "$dir/.sortlens-site" ]] || fail "$asset is not a rendered sortlens site"
  got="$(address "$dir")"
  [[ "$got" == "${base}v/$version/" ]] || fail "$asset was rendered for the address '${got}', not" \
    "'${base}v/$version/': render a release with --report.base_url=${base}v/$version/"
  while IFS= read -r page; do
    rel="${page#"$dir"/}"
    up="../../"
    slashes="${rel//[^\/]/}"
    for ((i = 0; i < ${#slashes}; i++)); do
      up="../$up"
    done
    to="${up}${rel}"
    [[ -f "$out/$rel" ]] || to="${up}index.html"
    BANNER="$(banner "$version" "$to")" awk '{ print } /^<body>$/ && !done { print ENVIRON["BANNER"]; done = 1 }
      END { if (!done) exit 3 }' "$page" > "$page.banner" || fail "$page has no <body> line for the banner"
    mv "$page.banner" "$page"
  done < <(find "$dir" -type f -name '*.html' | sort)
done

size_mb() {
  du -sm "$1" | cut -f1
}
while (( $(size_mb "$out") > budget_mb )) && (( ${#versions[@]} > 0 )); do
  oldest="${versions[-1]}"
  echo "assemble-pages.sh: leaving out version $oldest: the site is past PAGES_BUDGET_MB=$budget_mb" >&2
  rm -rf "${out:?}/v/$oldest"
  unset 'versions[-1]'
done
(( $(size_mb "$out") <= budget_mb )) || fail "the latest report alone takes $(size_mb "$out") MB, past" \
  "PAGES_BUDGET_MB=$budget_mb"

if (( ${#versions[@]} > 0 )); then
  {
    echo '<!DOCTYPE html>'
    echo '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    echo '<title>Released versions</title><link rel="stylesheet" href="../assets/sortlens.css"></head><body><main>'
    echo '<h1>Released versions</h1><p>Each stays as it was released. <a href="../index.html">The latest report</a>.</p><ul>'
    for version in "${versions[@]}"; do
      echo "<li><a href=\"$version/index.html\">Version $version</a></li>"
    done
    echo '</ul></main></body></html>'
  } > "$out/v/index.html"
fi

for version in "${versions[@]}"; do
  echo "assemble-pages.sh: v/$version: $(size_mb "$out/v/$version") MB"
done
total="$(size_mb "$out")"
chmod 755 "$out"
[[ ! -d "$final" ]] || rmdir "$final"
mv "$out" "$final"
trap - EXIT
echo "assemble-pages.sh: latest at the root and ${#versions[@]} released version(s) in $final: $total MB"
