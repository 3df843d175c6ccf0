=== namespace wsk-cli-5779 role client addresses 198.18.0.1 fd00::1
--- ss -tan
State      Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
FIN-WAIT-2 0      0          [fd00::1]:36516    [fd00::2]:8080       
--- ss -tan -o
State      Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
FIN-WAIT-2 0      0          [fd00::1]:36516    [fd00::2]:8080 timer:(timewait,59sec,0)
=== namespace wsk-srv-5779 role server addresses 198.18.0.2 fd00::2
--- ss -tan
State      Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN     0      4096       [fd00::2]:8080         [::]:*           
CLOSE-WAIT 0      0          [fd00::2]:8080    [fd00::1]:36516       
--- ss -tan -o
State      Recv-Q Send-Q Local Address:Port Peer Address:Port Process
LISTEN     0      4096       [fd00::2]:8080         [::]:*           
CLOSE-WAIT 0      0          [fd00::2]:8080    [fd00::1]:36516       
