#!/bin/sh
# pki.sh DIR - makes the test PKI with the openssl command: a root CA, an
# intermediate CA, and laboratory certificates: RSA-2048 and P-256 lab
# keys (also as encrypted PEM and PKCS#12, password "secret"), expired,
# not yet valid, revoked (with the intermediate's CRL), without the
# digitalSignature key usage, a self-signed stranger, and a time-stamping
# authority (tsa.pem; `openssl ts -reply -config ca.cnf` answers with it).
#
# Several test programs call it at once under make -j: the PKI is made in a
# private directory and renamed into place, so a caller sees either no PKI
# or a whole one.
set -eu
dir=$1
[ -f "$dir/.done" ] && exit 0
mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")
tmp=$(mktemp -d "$dir.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = inter
[ inter ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
crlnumber = ./crlnumber
default_md = sha256
default_crl_days = 3650
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
countryName = optional
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ lab ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ tsa_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./tsaserial
signer_cert = ./tsa.pem
certs = ./inter.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ badku ]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
CNF
mkdir newcerts
: > index.txt
echo 1000 > serial
echo 1000 > crlnumber
q="-batch -config ca.cnf"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 7300 \
	-subj "/C=VN/O=Test Root CA/CN=libgi test root" -config ca.cnf -extensions v3_ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout inter.key -out inter.csr \
	-subj "/C=VN/O=Test CA/CN=libgi test intermediate" -config ca.cnf 2>/dev/null
openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -CAcreateserial -out inter.pem -days 7000 \
	-extfile ca.cnf -extensions v3_ca 2>/dev/null
issue() { # name keyspec ext start end
	name=$1 keyspec=$2 ext=$3 start=$4 end=$5
	openssl req -newkey "$keyspec" -nodes -keyout "$name.key" -out "$name.csr" \
		-subj "/C=VN/O=Example Laboratory/CN=$name" -config ca.cnf 2>/dev/null
	openssl ca $q -cert inter.pem -keyfile inter.key -in "$name.csr" -out "$name.pem" \
		-extensions "$ext" -startdate "$start" -enddate "$end" -notext 2>/dev/null
}
now_start=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
now_end=$(date -u -d '+3650 days' +%Y%m%d%H%M%SZ)
issue lab-rsa rsa:2048 lab "$now_start" "$now_end"
issue lab-rsa3072 rsa:3072 lab "$now_start" "$now_end"
openssl ecparam -name prime256v1 -out p256.param
issue lab-ec ec:p256.param lab "$now_start" "$now_end"
issue expired rsa:2048 lab 20200101000000Z 20210101000000Z
issue future rsa:2048 lab 20990101000000Z 20991231000000Z
issue revoked rsa:2048 lab "$now_start" "$now_end"
issue badku rsa:2048 badku "$now_start" "$now_end"
issue tsa rsa:2048 tsa_ext "$now_start" "$now_end"
echo 01 > tsaserial
openssl ca $q -cert inter.pem -keyfile inter.key -revoke revoked.pem 2>/dev/null
openssl ca $q -cert inter.pem -keyfile inter.key -gencrl -out crl.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout stranger.key -out stranger.pem -days 3650 \
	-subj "/C=VN/O=Stranger/CN=stranger" -config ca.cnf -extensions lab 2>/dev/null
openssl pkey -in lab-rsa.key -aes256 -passout pass:secret -out lab-rsa-enc.key
for c in lab-rsa lab-rsa3072 lab-ec expired future revoked badku; do
	cat "$c.pem" inter.pem > "$c-chain.pem"
done
openssl pkcs12 -export -inkey lab-rsa.key -in lab-rsa.pem -certfile inter.pem \
	-passout pass:secret -out lab-rsa.p12
cp root.pem trust.pem
rm -f *.csr
touch .done
cd ..
# A whole PKI made by another caller meanwhile wins; a partial one from an
# interrupted older run is replaced.
if ! mv -T "$tmp" "$dir" 2>/dev/null; then
	[ -f "$dir/.done" ] || { rm -rf "$dir"; mv -T "$tmp" "$dir"; }
fi
