/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xades.h - internal: XAdES names and the digests signing, verifying and
 * re-stamping share (xades.c). */
#ifndef GI_XADES_H
#define GI_XADES_H

#include <openssl/evp.h>
#include <libxml/tree.h>
#include "gi/record.h"

#define GI__DSIG_NS "http://www.w3.org/2000/09/xmldsig#"
#define GI__XADES_NS "http://uri.etsi.org/01903/v1.3.2#"
#define GI__XADES141_NS "http://uri.etsi.org/01903/v1.4.1#"
#define GI__XADES_SP_TYPE "http://uri.etsi.org/01903#SignedProperties"
#define GI__ALG_EXC_C14N "http://www.w3.org/2001/10/xml-exc-c14n#"
#define GI__ALG_SHA256 "http://www.w3.org/2001/04/xmlenc#sha256"

/* Feeds the exclusive C14N of node's subtree to md; 0 or -1. */
int gi__c14n_digest(EVP_MD_CTX *md, xmlNodePtr node);
/* SHA-256 of the exclusive C14N of node's subtree; 0 or -1. */
int gi__c14n_sha256(unsigned char md[32], xmlNodePtr node);
/* SHA-256 of an ArchiveTimeStamp's input: refs (the references' data
 * after their transforms, concatenated), the signature's SignedInfo,
 * SignatureValue and KeyInfo, and the children of usp before stop. */
int gi__archive_imprint(unsigned char md[32], const unsigned char *refs, size_t refs_len, xmlNodePtr sig,
                        xmlNodePtr usp, xmlNodePtr stop);
/* Asks a TSA (record.c) for a token over md: *tok DER (OPENSSL_free). */
int gi__tsa_stamp(gi_tsa_cb cb, void *payload, const unsigned char md[32], unsigned char **tok, int *tok_len);

#endif
