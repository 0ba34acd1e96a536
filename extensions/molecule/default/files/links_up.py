"""Print how many of the links NAMES are up in network namespace NETNS (pyroute2)."""
import sys

from pyroute2 import IPRoute, netns

namespace, names = sys.argv[1], set(sys.argv[2:])
netns.pushns(namespace)
try:
    with IPRoute() as ipr:
        print(sum(1 for link in ipr.get_links() if link.get("ifname") in names and link.get("operstate") == "UP"))
finally:
    netns.popns()
