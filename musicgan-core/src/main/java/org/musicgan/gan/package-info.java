/**
 * The conditional StackGAN for audio: configuration presets and the network builders (this session:
 * Stage I generator and discriminator with conditioning augmentation).
 */
package org.musicgan.gan;
