=== namespace wsk-cli-5779 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
ESTAB 0      0         198.18.0.1:41184   198.18.0.2:8080       
--- ss -tan -o
State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
ESTAB 0      0         198.18.0.1:41184   198.18.0.2:8080       
=== namespace wsk-srv-5779 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State    Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN   0      4096      198.18.0.2:8080      0.0.0.0:*           
SYN-RECV 0      0         198.18.0.2:8080   198.18.0.1:41184       
--- ss -tan -o
State    Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN   0      4096      198.18.0.2:8080      0.0.0.0:*           
SYN-RECV 0      0         198.18.0.2:8080   198.18.0.1:41184 timer:(on,1.248ms,1)
