#!/usr/bin/env python3
"""Dresses a plain HTML report (as `gongkai render --to html` writes it) the way Word's "save as web page" does:
every paragraph and cell in MsoNormal paragraphs and styled spans, tables with Word's attributes, the Office XML and
style blocks in the head. The result weighs 100-350 KB like the pages agencies publish. Usage: wordlike_html.py IN OUT"""
import re
import sys

HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>办公室</o:Author>
  <o:Pages>8</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
{styles}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:28.9pt'>
"""

SPAN = ("<span style='font-size:16.0pt;mso-bidi-font-size:11.0pt;font-family:仿宋_GB2312;"
        "mso-hansi-font-family:\"Times New Roman\";mso-bidi-font-family:\"Times New Roman\";"
        "color:black;mso-font-kerning:0pt;mso-ansi-language:EN-US;mso-fareast-language:ZH-CN'>{}</span>")
CELL_P = ("<p class=MsoNormal align=center style='text-align:center;mso-line-height-alt:12.0pt;"
          "mso-pagination:widow-orphan;layout-grid-mode:char'>{}<span lang=EN-US style='font-size:10.5pt;"
          "mso-bidi-font-size:11.0pt;font-family:宋体;mso-hansi-font-family:\"Times New Roman\"'><o:p></o:p></span></p>")
TD_STYLE = (" valign=center style='border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
            "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:20.35pt'")


def styles():
    rules = []
    for i in range(1, 400):
        rules.append(f"p.MsoStyle{i}, li.MsoStyle{i}, div.MsoStyle{i}\n\t{{mso-style-name:\"样式{i}\";mso-style-unhide:no;"
                     f"margin:0cm;text-align:justify;text-justify:inter-ideograph;mso-pagination:none;font-size:10.5pt;"
                     f"font-family:\"Times New Roman\",serif;mso-fareast-font-family:宋体;mso-font-kerning:1.0pt;}}")
    return "\n".join(rules)


def main(src, dst):
    html = open(src, encoding="utf-8").read()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    body = re.search(r"<body[^>]*>(.*)</body>", html, re.S).group(1)
    body = re.sub(r"<p>(.*?)</p>", lambda m: "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt;"
                  "mso-line-height-rule:exactly'>" + SPAN.format(m.group(1)) + "</p>", body, flags=re.S)
    body = re.sub(r"<h([1-3])>(.*?)</h\1>", lambda m: "<p class=MsoNormal align=center style='text-align:center'><b>"
                  + SPAN.format(m.group(2)) + "</b></p>", body, flags=re.S)
    body = re.sub(r"<table[^>]*>", "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=604 "
                  "style='width:453.1pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                  "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>", body)
    body = re.sub(r"<(td|th)([^>]*)>(.*?)</\1>", lambda m: "<td" + m.group(2) + TD_STYLE + ">" + CELL_P.format(SPAN.format(m.group(3)))
                  + "</td>", body, flags=re.S)
    body = re.sub(r"<tr>", "<tr style='mso-yfti-irow:0;height:20.35pt'>", body)
    page = HEAD.format(title=title.group(1) if title else "", styles=styles()) + body + "\n</div>\n</body>\n</html>\n"
    open(dst, "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
