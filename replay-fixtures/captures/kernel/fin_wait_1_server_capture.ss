=== namespace wsk-cli-22944 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State      Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
FIN-WAIT-1 0      1         198.18.0.1:50152   198.18.0.2:8080       
--- ss -tan -o
State      Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
FIN-WAIT-1 0      1         198.18.0.1:50152   198.18.0.2:8080 timer:(on,1.236ms,3)
=== namespace wsk-srv-22944 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN 0      4096      198.18.0.2:8080      0.0.0.0:*           
ESTAB  0      0         198.18.0.2:8080   198.18.0.1:50152       
--- ss -tan -o
State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN 0      4096      198.18.0.2:8080      0.0.0.0:*           
ESTAB  0      0         198.18.0.2:8080   198.18.0.1:50152       
