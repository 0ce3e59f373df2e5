<?php
/**
 * Settings → Crier: the crier URL and the signing secret. The secret is never printed back into
 * the page; leaving the field empty keeps the saved one.
 */

defined( 'ABSPATH' ) || exit;

function crier_add_settings_page() {
	add_options_page( 'Crier', 'Crier', 'manage_options', 'crier', 'crier_render_settings_page' );
}

function crier_register_settings() {
	register_setting(
		'crier',
		'crier_url',
		array(
			'type'              => 'string',
			'sanitize_callback' => 'crier_sanitize_url',
			'default'           => '',
		)
	);
	register_setting(
		'crier',
		'crier_secret',
		array(
			'type'              => 'string',
			'sanitize_callback' => 'crier_sanitize_secret',
			'default'           => '',
		)
	);
}

function crier_sanitize_url( $value ) {
	$url = esc_url_raw( trim( (string) $value ), array( 'http', 'https' ) );
	if ( '' === $url && '' !== trim( (string) $value ) ) {
		add_settings_error( 'crier_url', 'crier_url', __( 'The crier URL must be an absolute http(s) URL, like https://crier.example.com.', 'crier' ) );
		return get_option( 'crier_url', '' );
	}
	return untrailingslashit( $url );
}

function crier_sanitize_secret( $value ) {
	$secret = trim( (string) $value );
	if ( '' === $secret ) {
		return get_option( 'crier_secret', '' );
	}
	if ( ! crier_secret_is_valid( $secret ) ) {
		add_settings_error( 'crier_secret', 'crier_secret', __( 'The secret must be crier’s WEBHOOK_SECRET: whsec_ followed by base64.', 'crier' ) );
		return get_option( 'crier_secret', '' );
	}
	return $secret;
}

function crier_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$has_secret = '' !== get_option( 'crier_secret', '' );
	$last       = get_option( CRIER_STATUS_OPTION, array() );
	$pending    = count( get_option( CRIER_PENDING_OPTION, array() ) );
	?>
	<div class="wrap">
		<h1><?php echo esc_html__( 'Crier', 'crier' ); ?></h1>
		<form method="post" action="options.php">
			<?php settings_fields( 'crier' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="crier_url"><?php echo esc_html__( 'Crier URL', 'crier' ); ?></label></th>
					<td><input type="url" id="crier_url" name="crier_url" class="regular-text" value="<?php echo esc_attr( get_option( 'crier_url', '' ) ); ?>" placeholder="https://crier.example.com" required></td>
				</tr>
				<tr>
					<th scope="row"><label for="crier_secret"><?php echo esc_html__( 'Signing secret', 'crier' ); ?></label></th>
					<td>
						<input type="password" id="crier_secret" name="crier_secret" class="regular-text" value="" autocomplete="new-password" placeholder="<?php echo esc_attr( $has_secret ? __( 'saved — leave empty to keep it', 'crier' ) : 'whsec_…' ); ?>">
						<p class="description"><?php echo esc_html__( 'crier’s WEBHOOK_SECRET.', 'crier' ); ?></p>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
		<?php if ( ! empty( $last ) ) : ?>
			<h2><?php echo esc_html__( 'Last delivery', 'crier' ); ?></h2>
			<p>
				<?php
				echo esc_html(
					sprintf(
						/* translators: 1: article id, 2: attempt, 3: HTTP status, 4: error */
						__( '%1$s, attempt %2$d: %3$s %4$s', 'crier' ),
						$last['article'],
						$last['attempt'],
						$last['status'] ? 'HTTP ' . $last['status'] : __( 'no answer', 'crier' ),
						$last['error']
					)
				);
				?>
			</p>
		<?php endif; ?>
		<p><?php echo esc_html( sprintf( /* translators: %d: count */ __( 'Deliveries waiting to be retried: %d', 'crier' ), $pending ) ); ?></p>
	</div>
	<?php
}
