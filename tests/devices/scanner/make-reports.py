#!/usr/bin/env python3
"""make-reports.py — writes the HID POS input reports the hidpos tests feed
one by one (64 bytes each, as read(2) gives them from /dev/hidrawN):
report id 0x02, data length, AIM symbology identifier (3 bytes), 56 data
bytes, 2 vendor bytes, flags (bit 0: more reports follow). Run it from this
folder to regenerate the *.reports files."""

def report(data, aim=b"", more=False, report_id=2, length=None):
    body = bytearray(64)
    body[0] = report_id
    body[1] = len(data) if length is None else length
    body[2:5] = (aim + b"\0\0\0")[:3]
    body[5:5 + len(data)] = data
    body[63] = 1 if more else 0
    return bytes(body)

def scan(data, aim=b""):
    chunks = [data[i:i + 56] for i in range(0, len(data), 56)] or [b""]
    return b"".join(report(c, aim, more=(i < len(chunks) - 1)) for i, c in enumerate(chunks))

def status_report():
    return bytes([0x04, 0x01]) + bytes(62)

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

write("ean13.reports", scan(b"6901234567892", b"]E0"))

url = (b"https://m.mallpos.example.cn/member/8800000000017?store=S001&terminal=T01"
       b"&campaign=2024-spring-festival-bonus&lang=zh-CN&ref=receipt-qr")
assert len(url) > 112
# A long QR code in three reports, with a status report (id 0x04) in between.
write("qr-multi.reports", report(url[:56], b"]Q1", more=True)
      + status_report() + report(url[56:112], b"]Q1", more=True) + report(url[112:], b"]Q1"))

write("bad-length.reports", report(b"123", b"]E0", length=200) + scan(b"96385074", b"]E4"))

write("garbage.reports", scan(b"\xff\xfe\x00\x01\x80\x81", b"]E0") + scan(b"6901234567892", b"]E0"))

write("gbk-qr.reports", scan("会员卡8800000000017".encode("gb18030"), b"]Q1"))

write("no-aim.reports", scan(b"4006381333931"))
