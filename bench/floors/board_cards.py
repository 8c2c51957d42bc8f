"""Floor for the star chart: plain ReportLab drawing the same cards (photo, name, branch, stars, a reason) on
A3 landscape with one embedded TrueType font; the rated members, their stars and photos read with sqlite3.
Args: DATA_DIR FONT OUT PERIOD."""

import sqlite3
import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

data, font_file, out, period = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rl_config.useA85 = 0
pdfmetrics.registerFont(TTFont("F", font_file))
con = sqlite3.connect(data / "pioneer-board.sqlite3")
members = con.execute(
    "SELECT m.name, m.photo, o.name, r.level, r.reason FROM members m JOIN star_ratings r ON r.member_id = m.id"
    " JOIN organizations o ON o.id = m.branch_id WHERE r.period_id = ? ORDER BY o.sort_order, m.name",
    (period,),
).fetchall()
w, h = landscape(A3)
m, card_w, card_h, gap = 12 * mm, 66 * mm, 33 * mm, 3 * mm
cols = int((w - 2 * m + gap) // (card_w + gap))
top, bottom = h - m - 22 * mm, m + 13 * mm
per_page = cols * int((top - bottom + gap) // (card_h + gap))
c = Canvas(out, pagesize=(w, h), pageCompression=1, initialFontName="F")
for start in range(0, len(members), per_page):
    c.setFillColorRGB(0.7, 0.15, 0.12)
    c.rect(m, h - m - 13 * mm, w - 2 * m, 13 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("F", 21)
    c.drawCentredString(w / 2, h - m - 9 * mm, "2026年第三季度党员闪光言行星级评定公示")
    for k, (name, photo, branch, level, reason) in enumerate(members[start : start + per_page]):
        r, col = divmod(k, cols)
        x, y = m + col * (card_w + gap), top - (r + 1) * (card_h + gap)
        c.setFillColorRGB(1, 1, 1)
        c.roundRect(x, y, card_w, card_h, 2 * mm, stroke=1, fill=1)
        ph = card_h - 4.8 * mm
        if photo:
            c.drawImage(str(data / "photos" / photo), x + 2.4 * mm, y + 2.4 * mm, ph * 0.75, ph)
        tx = x + 2.4 * mm + ph * 0.75 + 2.6 * mm
        c.setFillColorRGB(0.1, 0.1, 0.1)
        c.setFont("F", 13)
        c.drawString(tx, y + card_h - 7 * mm, name)
        c.setFont("F", 7.8)
        c.drawString(tx, y + card_h - 11.7 * mm, branch)
        for i in range(5):
            c.circle(
                tx + 2.2 * mm + i * 5 * mm, y + card_h - 16 * mm, 2 * mm, stroke=1, fill=i < (level or 0)
            )
        c.setFont("F", 7.4)
        c.drawString(tx, y + card_h - 23.8 * mm, reason[:14])
        c.drawString(tx, y + card_h - 27.7 * mm, reason[14:28])
    c.drawString(m, m + 6 * mm, "公示期：2026年10月8日至10月14日。如有异议，请向村党组织反映。")
    c.showPage()
c.save()
