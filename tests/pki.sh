#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# pki.sh DIR - makes the test PKI with the openssl command: a root CA, an
# intermediate CA, and laboratory certificates: RSA-2048 and P-256 lab
# keys (also as encrypted PEM and PKCS#12, password "secret"), expired,
# not yet valid, revoked (with the intermediate's CRL), without the
# digitalSignature key usage, a self-signed stranger, and a time-stamping
# authority (tsa.pem; `openssl ts -reply -config ca.cnf` answers with it);
# then the certificates of the trust policy (see below).
#
# Several test programs call it at once under make -j: the PKI is made in a
# private directory and renamed into place, so a caller sees either no PKI
# or a whole one.
set -eu
dir=$1
# .done holds the checksum of this script: a PKI made by an older version of
# it (missing certificates added since) is made again.
self=$(cksum < "$0")
[ "$(cat "$dir/.done" 2>/dev/null)" = "$self" ] && exit 0
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
# ---- trust policy (specs/record-format.md, "What verification checks") ----
# The root keeps its own database, so it can revoke an intermediate: the
# CRL file crl.pem then holds the CRL of every CA (root, inter, revinter),
# as checking each certificate of a chain needs; inter-crl.pem alone lacks
# the root's. revinter is an intermediate the root revoked; an attacker's
# root and CRL, and an impostor's CRL in the name of the intermediate,
# must not make anything verify. Extended key usages (time-stamping,
# OCSP, TLS server; document signing, e-mail protection, any) and weak
# certificates (RSA-1024, SHA-1 signed leaf and intermediate).
# One CA section per database, all alike.
for ca in rootca:root revinter attacker impostor; do
	sec=${ca%%:*} db=${ca#*:}
	printf '[ %s ]\ndir = .\ndatabase = ./%s-index.txt\nnew_certs_dir = ./newcerts\nserial = ./%s-serial\ncrlnumber = ./%s-crlnumber\ndefault_md = sha256\ndefault_crl_days = 3650\npolicy = any\nunique_subject = no\ncopy_extensions = none\n' \
		"$sec" "$db" "$db" "$db"
done > policy.cnf
cat >> policy.cnf <<'CNF'
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
[ eku_ocsp ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = OCSPSigning
[ eku_server ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
[ eku_doc ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = 1.3.6.1.5.5.7.3.36
[ eku_email ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = clientAuth, emailProtection
[ eku_any ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = anyExtendedKeyUsage
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
CNF
for d in root revinter attacker impostor; do
	: > "$d-index.txt"
	echo 2000 > "$d-serial"
	echo 2000 > "$d-crlnumber"
done
p="-batch -config policy.cnf"
newreq() { # name keyspec subject
	openssl req -newkey "$2" -nodes -keyout "$1.key" -out "$1.csr" -subj "$3" -config policy.cnf 2>/dev/null
}
# the revoked intermediate, its laboratory, and the CRLs of root and revinter
newreq revinter rsa:2048 "/C=VN/O=Test CA/CN=libgi revoked intermediate"
openssl ca $p -name rootca -cert root.pem -keyfile root.key -in revinter.csr -out revinter.pem \
	-extensions v3_ca -days 7000 -notext 2>/dev/null
newreq lab-revinter rsa:2048 "/C=VN/O=Example Laboratory/CN=lab-revinter"
openssl ca $p -name revinter -cert revinter.pem -keyfile revinter.key -in lab-revinter.csr \
	-out lab-revinter.pem -extensions lab -days 3650 -notext 2>/dev/null
openssl ca $p -name rootca -cert root.pem -keyfile root.key -revoke revinter.pem 2>/dev/null
openssl ca $p -name rootca -cert root.pem -keyfile root.key -gencrl -out root-crl.pem 2>/dev/null
openssl ca $p -name revinter -cert revinter.pem -keyfile revinter.key -gencrl -out revinter-crl.pem 2>/dev/null
cat lab-revinter.pem revinter.pem > lab-revinter-chain.pem
mv crl.pem inter-crl.pem
cat inter-crl.pem root-crl.pem revinter-crl.pem > crl.pem
# an attacker's root, a laboratory under it, its CRL
openssl req -x509 -newkey rsa:2048 -nodes -keyout attacker-root.key -out attacker-root.pem -days 3650 \
	-subj "/C=VN/O=Attacker/CN=attacker root" -config policy.cnf -extensions v3_ca 2>/dev/null
newreq attacker-lab rsa:2048 "/C=VN/O=Example Laboratory/CN=lab-rsa"
openssl ca $p -name attacker -cert attacker-root.pem -keyfile attacker-root.key -in attacker-lab.csr \
	-out attacker-lab.pem -extensions lab -days 3650 -notext 2>/dev/null
openssl ca $p -name attacker -cert attacker-root.pem -keyfile attacker-root.key -gencrl -out attacker-crl.pem 2>/dev/null
cat attacker-lab.pem attacker-root.pem > attacker-lab-chain.pem
# an empty CRL in the intermediate's name, signed by another key
openssl req -x509 -newkey rsa:2048 -nodes -keyout impostor.key -out impostor.pem -days 3650 \
	-subj "/C=VN/O=Test CA/CN=libgi test intermediate" -config policy.cnf -extensions v3_ca 2>/dev/null
openssl ca $p -name impostor -cert impostor.pem -keyfile impostor.key -gencrl -out impostor-crl.pem 2>/dev/null
# extended key usages and weak certificates, from the intermediate
issue_x() { # name keyspec extension-section [digest]
	newreq "$1" "$2" "/C=VN/O=Example Laboratory/CN=$1"
	openssl ca $q -extfile policy.cnf -extensions "$3" -md "${4:-sha256}" -cert inter.pem -keyfile inter.key \
		-in "$1.csr" -out "$1.pem" -startdate "$now_start" -enddate "$now_end" -notext 2>/dev/null
	cat "$1.pem" inter.pem > "$1-chain.pem"
}
issue_x eku-ocsp ec:p256.param eku_ocsp
issue_x eku-server ec:p256.param eku_server
issue_x eku-doc ec:p256.param eku_doc
issue_x eku-email ec:p256.param eku_email
issue_x eku-any ec:p256.param eku_any
issue_x rsa1024 rsa:1024 lab
issue_x sha1 rsa:2048 lab sha1
cat tsa.pem inter.pem > tsa-chain.pem
# an intermediate the root signed with SHA-1, and a laboratory under it
newreq inter-sha1 rsa:2048 "/C=VN/O=Test CA/CN=libgi SHA-1 intermediate"
openssl x509 -req -sha1 -in inter-sha1.csr -CA root.pem -CAkey root.key -set_serial 0x51 -days 7000 \
	-extfile policy.cnf -extensions v3_ca -out inter-sha1.pem 2>/dev/null
newreq lab-sha1inter rsa:2048 "/C=VN/O=Example Laboratory/CN=lab-sha1inter"
openssl x509 -req -sha256 -in lab-sha1inter.csr -CA inter-sha1.pem -CAkey inter-sha1.key -set_serial 0x52 \
	-days 3650 -extfile policy.cnf -extensions lab -out lab-sha1inter.pem 2>/dev/null
cat lab-sha1inter.pem inter-sha1.pem > lab-sha1inter-chain.pem
cp root.pem trust.pem
rm -f *.csr
echo "$self" > .done
cd ..
# A whole PKI made by another caller meanwhile wins; a partial one from an
# interrupted older run is replaced.
if ! mv -T "$tmp" "$dir" 2>/dev/null; then
	[ "$(cat "$dir/.done" 2>/dev/null)" = "$self" ] || { rm -rf "$dir"; mv -T "$tmp" "$dir" 2>/dev/null || [ "$(cat "$dir/.done" 2>/dev/null)" = "$self" ]; }
fi
