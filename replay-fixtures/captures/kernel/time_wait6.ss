=== namespace wsk-cli-5779 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State     Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
TIME-WAIT 0      0          [fd00::1]:36508    [fd00::2]:8080       
--- ss -tan -o
State     Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
TIME-WAIT 0      0          [fd00::1]:36508    [fd00::2]:8080 timer:(timewait,59sec,0)
=== namespace wsk-srv-5779 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
LISTEN 0      4096       [fd00::2]:8080         [::]:*          
--- ss -tan -o
State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
LISTEN 0      4096       [fd00::2]:8080         [::]:*          
