#!/bin/sh
# Render the first page of a .docx to PNG: LibreOffice (headless) -> PDF -> pdftoppm.
# Usage: tools/render_first_page.sh IN.docx OUT.png [DPI] [PDF_COPY]
#   PDF_COPY: also keep the whole PDF there (e.g. to read its text with pdftotext).
# Exit codes: 0 ok; 2 usage; 3 soffice or pdftoppm missing; 4 conversion failed.
# A private LibreOffice profile is used, so runs in parallel with other soffice jobs work.
set -eu

if [ $# -lt 2 ]; then
    echo "用法：$0 输入.docx 输出.png [分辨率DPI] [保存PDF的路径]" >&2
    exit 2
fi
in=$1
out=$2
dpi=${3:-80}
pdf_copy=${4:-}

for tool in soffice pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "未找到 $tool（Debian：apt-get install libreoffice-writer-nogui poppler-utils）" >&2
        exit 3
    fi
done
if [ ! -f "$in" ]; then
    echo "$in：文件不存在" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cp "$in" "$work/input.docx"
if ! HOME="$work" soffice "-env:UserInstallation=file://$work/profile" --headless --norestore \
        --convert-to pdf --outdir "$work" "$work/input.docx" >"$work/soffice.log" 2>&1; then
    cat "$work/soffice.log" >&2
    echo "$in：LibreOffice 转换失败" >&2
    exit 4
fi
if [ ! -s "$work/input.pdf" ]; then
    cat "$work/soffice.log" >&2
    echo "$in：LibreOffice 没有生成 PDF" >&2
    exit 4
fi
case $out in
    *.png) stem=${out%.png} ;;
    *) stem=$out ;;
esac
pdftoppm -png -r "$dpi" -f 1 -l 1 -singlefile "$work/input.pdf" "$stem"
if [ -n "$pdf_copy" ]; then
    cp "$work/input.pdf" "$pdf_copy"
fi
echo "$stem.png"
