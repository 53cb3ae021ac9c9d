"""Prints a free port base for `gongkai demo --port-base`: the demo's 8 sites listen on
127.0.1.2-8 at ports base..base+7, and each of them must be free to bind."""
import random
import socket

DEMO_SITE_ADDRESSES = [2, 3, 4, 4, 5, 6, 7, 8]  # last octet of each demo site, in port order

for _ in range(200):
    base = random.randrange(20000, 60000)
    try:
        socks = []
        for i, ip in enumerate(DEMO_SITE_ADDRESSES):
            s = socket.socket()
            s.bind(("127.0.1.%d" % ip, base + i))
            socks.append(s)
        print(base)
        break
    except OSError:
        pass
