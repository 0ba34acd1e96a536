"""Print how many links whose name starts with PREFIX are up in network namespace NETNS (pyroute2)."""
import sys

from pyroute2 import IPRoute, netns

namespace, prefix = sys.argv[1], sys.argv[2]
netns.pushns(namespace)
try:
    with IPRoute() as ipr:
        print(sum(1 for link in ipr.get_links()
                  if link.get("ifname", "").startswith(prefix) and link.get("operstate") == "UP"))
finally:
    netns.popns()
