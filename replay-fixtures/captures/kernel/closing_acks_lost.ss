=== namespace wsk-cli-4698 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State   Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
CLOSING 1      1         198.18.0.1:56842   198.18.0.2:8080       
--- ss -tan -o
State   Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
CLOSING 1      1         198.18.0.1:56842   198.18.0.2:8080 timer:(on,832ms,3)
=== namespace wsk-srv-4698 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State   Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN  0      4096      198.18.0.2:8080      0.0.0.0:*           
CLOSING 1      1         198.18.0.2:8080   198.18.0.1:56842       
--- ss -tan -o
State   Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN  0      4096      198.18.0.2:8080      0.0.0.0:*           
CLOSING 1      1         198.18.0.2:8080   198.18.0.1:56842 timer:(on,808ms,3)
