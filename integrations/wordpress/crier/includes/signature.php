<?php
/**
 * Standard Webhooks signing (standardwebhooks.com), as crier's intake verifies it:
 * webhook-signature = "v1," . base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), where the key is
 * the base64 part of the "whsec_…" secret, decoded.
 */

defined( 'ABSPATH' ) || exit;

/** Whether a secret has the whsec_<base64> form crier's WEBHOOK_SECRET has. */
function crier_secret_is_valid( $secret ) {
	if ( ! is_string( $secret ) || 0 !== strpos( $secret, 'whsec_' ) ) {
		return false;
	}
	$key = base64_decode( substr( $secret, 6 ), true );
	return false !== $key && '' !== $key;
}

/** The three Standard Webhooks headers for one delivery attempt of `$body`. */
function crier_signature_headers( $secret, $message_id, $timestamp, $body ) {
	$key       = base64_decode( substr( $secret, 6 ), true );
	$signed    = $message_id . '.' . $timestamp . '.' . $body;
	$signature = base64_encode( hash_hmac( 'sha256', $signed, $key, true ) );
	return array(
		'webhook-id'        => $message_id,
		'webhook-timestamp' => (string) $timestamp,
		'webhook-signature' => 'v1,' . $signature,
	);
}
