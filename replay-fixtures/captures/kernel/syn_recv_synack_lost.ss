=== namespace wsk-cli-5779 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State    Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
SYN-SENT 0      1         198.18.0.1:51738   198.18.0.2:8080       
--- ss -tan -o
State    Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
SYN-SENT 0      1         198.18.0.1:51738   198.18.0.2:8080 timer:(on,296ms,1)
=== namespace wsk-srv-5779 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State    Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN   0      4096      198.18.0.2:8080      0.0.0.0:*           
SYN-RECV 0      0         198.18.0.2:8080   198.18.0.1:51738       
--- ss -tan -o
State    Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN   0      4096      198.18.0.2:8080      0.0.0.0:*           
SYN-RECV 0      0         198.18.0.2:8080   198.18.0.1:51738 timer:(on,1.280ms,2)
