=== namespace wsk-cli-5779 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State    Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
SYN-SENT 0      1         198.18.0.1:41170   198.18.0.2:8080       
--- ss -tan -o
State    Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
SYN-SENT 0      1         198.18.0.1:41170   198.18.0.2:8080 timer:(on,260ms,1)
=== namespace wsk-srv-5779 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
--- ss -tan -o
State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
