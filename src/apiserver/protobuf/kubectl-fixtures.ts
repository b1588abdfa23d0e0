/**
 * Request bodies kubectl 1.32 sent for its typed `create` commands (captured with `-v=9`, hex), and
 * the JSON the same command prints with `--dry-run=client -o json`: Go's encoding/json of the very
 * object kubectl encoded. Decoding the first must give the second.
 */

export interface KubectlFixture {
  readonly command: string;
  readonly protobuf: string;
  readonly json: string;
}

export const KUBECTL_FIXTURES: readonly KubectlFixture[] = [
  {
    command: 'kubectl create namespace x',
    protobuf:
      '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a00' +
      '1a002200',
    json: '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},"spec":{},"status":{}}',
  },
  {
    command: 'kubectl create configmap c --from-literal=a=b --from-literal=empty= --from-file=file.txt',
    protobuf:
      '6b3873000a0f0a0276311209436f6e6669674d617012400a110a016312001a0022002a0032003800420012060a016112' +
      '016212090a05656d707479120012180a0866696c652e747874120c6c696e65310a6c696e65320a1a002200',
    json: '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","creationTimestamp":null},"data":{"a":"b","empty":"","file.txt":"line1\\nline2\\n"}}',
  },
  {
    command: 'kubectl create secret generic s --from-literal=user=admin --from-literal=pw=s3cr3t',
    protobuf:
      '6b3873000a0c0a027631120653656372657412320a110a017312001a0022002a00320038004200120c0a027077120673' +
      '3363723374120d0a0475736572120561646d696e1a001a002200',
    json: '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},"data":{"pw":"czNjcjN0","user":"YWRtaW4="}}',
  },
  {
    command: 'kubectl create deployment d --image=nginx:1.25 --replicas=2 --port=8080',
    protobuf:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b6010a1b0a016412001a0022002a003200380042' +
      '005a080a036170701201641288010802120a0a080a036170701201641a700a1a0a0012001a0022002a00320038004200' +
      '5a080a03617070120164125212340a056e67696e78120a6e67696e783a312e32352a00320b0a00100018903f22002a00' +
      '42006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c201002202' +
      '0a00280038001a0c0800100018002000280038001a002200',
    json: '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d","creationTimestamp":null,"labels":{"app":"d"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"d"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":8080}],"resources":{}}]}},"strategy":{}},"status":{}}',
  },
  {
    command: 'kubectl create deployment d2 --image=nginx --image=busybox',
    protobuf:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412d1010a1d0a02643212001a0022002a0032003800' +
      '42005a090a036170701202643212a1010801120b0a090a03617070120264321a87010a1b0a0012001a0022002a003200' +
      '380042005a090a0361707012026432126812220a056e67696e7812056e67696e782a0042006a00720080010088010090' +
      '0100a2010012260a0762757379626f78120762757379626f782a0042006a007200800100880100900100a201001a0032' +
      '0042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a' +
      '002200',
    json: '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d2","creationTimestamp":null,"labels":{"app":"d2"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"d2"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"d2"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}},{"name":"busybox","image":"busybox","resources":{}}]}},"strategy":{}},"status":{}}',
  },
  {
    command: 'kubectl create deployment d3 --image=busybox --port=80 -- sleep 100',
    protobuf:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c4010a1d0a02643312001a0022002a0032003800' +
      '42005a090a03617070120264331294010801120b0a090a03617070120264331a7b0a1b0a0012001a0022002a00320038' +
      '0042005a090a0361707012026433125c123e0a0762757379626f78120762757379626f781a05736c6565701a03313030' +
      '2a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a005200580060006800' +
      '8201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    json: '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d3","creationTimestamp":null,"labels":{"app":"d3"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"d3"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"d3"}},"spec":{"containers":[{"name":"busybox","image":"busybox","command":["sleep","100"],"ports":[{"containerPort":80}],"resources":{}}]}},"strategy":{}},"status":{}}',
  },
  {
    command: 'kubectl create service clusterip s --tcp=80:8080 --tcp=443:8443',
    protobuf:
      '6b3873000a0d0a0276311207536572766963651282010a1b0a017312001a0022002a003200380042005a080a03617070' +
      '120173125f0a1b0a0738302d38303830120354435018502207080010903f1a0028000a1d0a083434332d383434331203' +
      '54435018bb032207080010fb411a00280012080a036170701201731a002209436c757374657249503a00420052005a00' +
      '600068001a020a001a002200',
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null,"labels":{"app":"s"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},{"name":"443-8443","protocol":"TCP","port":443,"targetPort":8443}],"selector":{"app":"s"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}',
  },
  {
    command: 'kubectl create service nodeport n --tcp=80:8080 --node-port=30080',
    protobuf:
      '6b3873000a0d0a02763112075365727669636512640a1b0a016e12001a0022002a003200380042005a080a0361707012' +
      '016e12410a1d0a0738302d38303830120354435018502207080010903f1a002880eb0112080a0361707012016e1a0022' +
      '084e6f6465506f72743a00420052005a00600068001a020a001a002200',
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"n","creationTimestamp":null,"labels":{"app":"n"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}],"selector":{"app":"n"},"type":"NodePort"},"status":{"loadBalancer":{}}}',
  },
  {
    command: 'kubectl create service loadbalancer l --tcp=80:8080',
    protobuf:
      '6b3873000a0d0a02763112075365727669636512660a1b0a016c12001a0022002a003200380042005a080a0361707012' +
      '016c12430a1b0a0738302d38303830120354435018502207080010903f1a00280012080a0361707012016c1a00220c4c' +
      '6f616442616c616e6365723a00420052005a00600068001a020a001a002200',
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"l","creationTimestamp":null,"labels":{"app":"l"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"l"},"type":"LoadBalancer"},"status":{"loadBalancer":{}}}',
  },
  {
    command: 'kubectl create service externalname e --external-name=example.com',
    protobuf:
      '6b3873000a0d0a02763112075365727669636512540a1b0a016512001a0022002a003200380042005a080a0361707012' +
      '0165123112080a036170701201651a00220c45787465726e616c4e616d653a004200520b6578616d706c652e636f6d5a' +
      '00600068001a020a001a002200',
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"e","creationTimestamp":null,"labels":{"app":"e"}},"spec":{"selector":{"app":"e"},"type":"ExternalName","externalName":"example.com"},"status":{"loadBalancer":{}}}',
  },
  {
    command: 'kubectl create service clusterip h --clusterip=None',
    protobuf:
      '6b3873000a0d0a027631120753657276696365124a0a1b0a016812001a0022002a003200380042005a080a0361707012' +
      '0168122712080a036170701201681a044e6f6e652209436c757374657249503a00420052005a00600068001a020a001a' +
      '002200',
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"h","creationTimestamp":null,"labels":{"app":"h"}},"spec":{"selector":{"app":"h"},"clusterIP":"None","type":"ClusterIP"},"status":{"loadBalancer":{}}}',
  },
  {
    command:
      'kubectl create ingress i --class=nginx --rule=foo.com/bar*=svc:8080,tls=my-cert --rule=/path=svc2:http --default-backend=defsvc:80 --annotation=a=b',
    protobuf:
      '6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e677265737312aa010a190a016912001a' +
      '0022002a0032003800420062060a01611201621288010a10220e0a0664656673766312040a00105012120a07666f6f2e' +
      '636f6d12076d792d636572741a2d0a07666f6f2e636f6d12220a200a1e0a042f626172120e220c0a0373766312050a00' +
      '10903f1a065072656669781a2a0a0012260a240a220a052f70617468121222100a047376633212080a04687474701000' +
      '1a05457861637422056e67696e781a020a001a002200',
    json: '{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"i","creationTimestamp":null,"annotations":{"a":"b"}},"spec":{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"defsvc","port":{"number":80}}},"tls":[{"hosts":["foo.com"],"secretName":"my-cert"}],"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Prefix","backend":{"service":{"name":"svc","port":{"number":8080}}}}]}},{"http":{"paths":[{"path":"/path","pathType":"Exact","backend":{"service":{"name":"svc2","port":{"name":"http"}}}}]}}]},"status":{"loadBalancer":{}}}',
  },
];
